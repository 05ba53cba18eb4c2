from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.lib.text import fold

PATH_STEP = 6  # digits per tree level in Unit.path


class UnitKind(models.Model):
    """A kind of body (city committee, ward, board, agency...). Levels are data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")

    def __str__(self) -> str:
        return self.name


class DocumentStyle(models.TextChoices):
    PARTY = "party", _("Party (164-KH/QU)")
    STATE = "state", _("State (115/KH-UBND)")


class Unit(models.Model):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.ForeignKey(UnitKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    issuer_code = models.CharField(
        _("issuer code"),
        max_length=20,
        blank=True,
        help_text=_("Code used in document numbers, e.g. QU, TU, ĐU, UBND."),
    )
    document_style = models.CharField(
        _("document numbering style"),
        max_length=10,
        choices=DocumentStyle.choices,
        default=DocumentStyle.PARTY,
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Materialised path of zero-padded ids ("000001000007"): a subtree is a prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="unit_unique_root_name",
                violation_error_message=_("A top-level unit with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="unit_unique_name_in_parent",
                violation_error_message=_(
                    "A unit with this name already exists under the same parent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(document_style__in=DocumentStyle.values),
                name="unit_document_style_valid",
                violation_error_message=_("Unknown numbering style."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path and the search column are kept here, not in a service, so that the
        # tree stays whole however a unit is saved (the admin included).
        self.search_text = fold(f"{self.name} {self.short_name} {self.issuer_code}")
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else ""
        new_path = f"{parent_path}{self.pk:0{PATH_STEP}d}"
        if new_path != old_path:
            depth = len(new_path) // PATH_STEP - 1
            Unit.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            self.path, self.depth = new_path, depth
            if old_path:  # moved: each child recomputes its own path, and so on down
                for child in self.children.all():
                    child.save()

    def clean(self) -> None:
        if (
            self.parent_id
            and self.pk
            and (
                self.parent_id == self.pk or (self.path and self.parent.path.startswith(self.path))
            )
        ):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or one of its sub-units.")}
            )

    def subtree(self) -> models.QuerySet["Unit"]:
        return Unit.objects.filter(path__startswith=self.path)

    def tasks_in_subtree(self):
        from thaogo.tasks.models import Task

        return Task.objects.filter(units__path__startswith=self.path)

    def ancestors(self) -> list["Unit"]:
        ids = [int(self.path[i : i + PATH_STEP]) for i in range(0, len(self.path), PATH_STEP)]
        by_id = Unit.objects.in_bulk(ids[:-1])
        return [by_id[i] for i in ids[:-1] if i in by_id]


class CommitteeMembership(models.TextChoices):
    STANDING = "standing", _("Standing Committee member")
    EXECUTIVE = "executive", _("Executive Committee member")
    NONE = "none", _("Not a committee member")


class Cadre(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cadres"
    )
    committee_membership = models.CharField(
        _("committee membership"),
        max_length=12,
        choices=CommitteeMembership.choices,
        default=CommitteeMembership.NONE,
    )
    planned_position = models.CharField(
        _("planned for position"),
        max_length=200,
        blank=True,
        help_text=_("The higher post this cadre is planned for."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        constraints = [
            models.CheckConstraint(
                condition=Q(committee_membership__in=CommitteeMembership.values),
                name="cadre_committee_membership_valid",
                violation_error_message=_("Unknown committee membership."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        # Kept here so that the admin and the services index a cadre the same way;
        # whoever changes positions saves the cadre again afterwards.
        titles = " ".join(self.positions.values_list("title", flat=True)) if self.pk else ""
        self.search_text = fold(f"{self.full_name} {self.planned_position} {titles}")
        super().save(*args, **kwargs)

    @property
    def positions_display(self) -> str:
        return "; ".join(str(p) for p in self.positions.all())


class Position(models.Model):
    """A post a cadre currently holds; a cadre may hold several at once."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("position title"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "title", "unit"], name="position_unique_per_cadre"
            ),
        ]

    def __str__(self) -> str:
        return self.title
