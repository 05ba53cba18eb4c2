"""The public portal: news, photos, resolution targets and visitor statistics.

Documents are not here: the public document system lists `documents.Document` rows whose
`is_public` flag is set, the same rows the internal side uses.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField
from thaogo.core.models import ChangeLog


class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Every page of the portal shows the categories: a change must reach its page cache.
    history = history()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:category", args=[self.slug])


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("address"),
        max_length=200,
        unique=True,
        help_text=_("Made from the title without diacritics; kept once the article is published."),
    )
    lead = models.TextField(_("lead"), help_text=_("The opening summary shown in lists."))
    body = models.TextField(_("body"), blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("For example: Báo Dân trí.")
    )
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=pgettext_lazy("news", "category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    status = models.CharField(
        _("state"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cover = models.ForeignKey(
        "Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)
    updated_at = BusinessTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values),
                name="article_status_valid",
                violation_error_message=_("Unknown state."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("A published article needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:article", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


def image_path(key: uuid.UUID, *, thumbnail: bool = False) -> str:
    """Where a portal image lives in the default storage (under MEDIA_ROOT/portal/)."""
    return f"portal/images/{key.hex}{'-thumb' if thumbnail else ''}.jpg"


class Image(models.Model):
    """A picture uploaded to the portal, already resized, thumbnailed and stripped of EXIF.

    It belongs to an article (pictures in its body, its cover) or to an album (a photo).
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="images",
    )
    album = models.ForeignKey(
        "Album",
        verbose_name=_("album"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    thumb_width = models.PositiveIntegerField(editable=False)
    thumb_height = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = BusinessTimeField(_("uploaded at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(album__isnull=True),
                name="image_in_article_or_album",
                violation_error_message=_("An image belongs to an article or to an album."),
            ),
            models.CheckConstraint(
                condition=~Q(alt_text=""),
                name="image_has_alt_text",
                violation_error_message=_("Describe the picture for readers who cannot see it."),
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.alt_text

    @property
    def path(self) -> str:
        return image_path(self.key)

    @property
    def thumbnail_path(self) -> str:
        return image_path(self.key, thumbnail=True)

    @property
    def url(self) -> str:
        return reverse("portal:image", args=[self.key])

    @property
    def thumbnail_url(self) -> str:
        return reverse("portal:thumbnail", args=[self.key])


class Album(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    event_date = models.DateField(_("date"))
    is_published = models.BooleanField(_("published"), default=False)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="albums",
        help_text=_("Field photos of a task also show on the task's pages."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)
    updated_at = BusinessTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-event_date", "-pk"]
        verbose_name = _("album")
        verbose_name_plural = _("albums")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:album", args=[self.slug])


class TargetGroup(models.TextChoices):
    PARTY_BUILDING = "party_building", _("Party building")
    SOCIO_ECONOMIC = "socio_economic", _("Socio-economic development")


class TargetDirection(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Assessment(models.TextChoices):
    EXCEEDED = "exceeded", _("Exceeded")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSED = "not_assessed", _("No figures yet")


class Resolution(models.Model):
    """A congress resolution (nghị quyết đại hội) and the targets it set for its term."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    term_start = models.PositiveSmallIntegerField(_("term starts"))
    term_end = models.PositiveSmallIntegerField(_("term ends"))
    is_public = models.BooleanField(_("public"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-term_start", "title"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")),
                name="resolution_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:resolution", args=[self.slug])


class ResolutionTarget(models.Model):
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    group = models.CharField(_("group"), max_length=20, choices=TargetGroup.choices)
    order = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit of measure"), max_length=40)
    direction = models.CharField(
        _("the target is"),
        max_length=10,
        choices=TargetDirection.choices,
        default=TargetDirection.AT_LEAST,
        help_text=_("“At most” for figures that should fall, such as the poverty rate."),
    )
    term_target = models.DecimalField(_("target for the term"), max_digits=14, decimal_places=2)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["resolution", "order"]
        verbose_name = _("resolution target")
        verbose_name_plural = _("resolution targets")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "order"],
                name="resolution_target_unique_number",
                violation_error_message=_("This resolution already has a target with that number."),
            ),
            models.CheckConstraint(
                condition=Q(group__in=TargetGroup.values),
                name="resolution_target_group_valid",
                violation_error_message=_("Unknown group."),
            ),
            models.CheckConstraint(
                condition=Q(direction__in=TargetDirection.values),
                name="resolution_target_direction_valid",
                violation_error_message=_("Unknown direction."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def assess(self, years: list["TargetYear"]) -> tuple[Assessment, "TargetYear | None"]:
        """Met, exceeded or not met, judged on the latest year with an actual figure,
        against that year's target (or the term's, when the year has none)."""
        measured = [y for y in years if y.actual is not None]
        if not measured:
            return Assessment.NOT_ASSESSED, None
        latest = max(measured, key=lambda y: y.year)
        goal = latest.planned if latest.planned is not None else self.term_target
        return assess_figure(latest.actual, goal, self.direction), latest


def assess_figure(actual: Decimal, goal: Decimal, direction: str) -> Assessment:
    if actual == goal:
        return Assessment.MET
    better = actual > goal if direction == TargetDirection.AT_LEAST else actual < goal
    return Assessment.EXCEEDED if better else Assessment.NOT_MET


class TargetYear(models.Model):
    target = models.ForeignKey(
        ResolutionTarget,
        verbose_name=_("resolution target"),
        on_delete=models.CASCADE,
        related_name="years",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(
        _("target for the year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["target", "year"]
        verbose_name = _("yearly figure")
        verbose_name_plural = _("yearly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "year"],
                name="target_year_unique",
                violation_error_message=_("This target already has figures for that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.year}"


class Visit(models.Model):
    """One visitor on one day, under a pseudonym that cannot be linked to them after the day.

    `visitor` is SHA-256 of (that day's random salt, address, browser); the salt is deleted
    when the day is over. Rows older than the current week are rolled up into VisitorDay.
    """

    day = models.DateField()
    visitor = models.CharField(max_length=64)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["day", "last_seen"], name="visit_day_last_seen")]
        constraints = [
            models.UniqueConstraint(fields=["day", "visitor"], name="visit_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.visitor[:8]}"


class VisitorDay(models.Model):
    """How many visitors a past day had, once its pseudonyms are deleted."""

    day = models.DateField(unique=True)
    visitors = models.PositiveIntegerField()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("visitors of a day")
        verbose_name_plural = _("visitors by day")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visitors}"


class VisitorSalt(models.Model):
    """The random salt of one day's visitor pseudonyms; deleted once the day is over."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"


def week_start(day: date) -> date:
    """Monday of the week that holds `day` (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


class ContentChange(ChangeLog):
    """One change to what the public pages show (thaogo.portal.page_cache): a row is inserted
    with each history row of that content, and the newest row names the content's state, so
    the cached pages are read under one indexed row."""

    class Meta:
        verbose_name = _("portal content change")
        verbose_name_plural = _("portal content changes")
