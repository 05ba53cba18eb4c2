from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField
from thaogo.lib.text import fold

PATH_STEP = 6  # digits per tree level in Unit.path


def in_subtree(path: str, field: str = "path") -> Q:
    """Rows whose `field` (a Unit.path) starts with `path`, as a range that the path's
    index serves on both databases (a LIKE does not: SQLite's LIKE ignores case and
    PostgreSQL's needs a pattern operator class). Paths are digits, so every path under
    `path` lies between it and the same number of digits plus one."""
    if not path:
        return Q()
    following = str(int(path) + 1).zfill(len(path))
    if len(following) > len(path):  # all nines: nothing after it at this width
        return Q(**{f"{field}__gte": path})
    return Q(**{f"{field}__gte": path, f"{field}__lt": following})


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


class NumberingSeries(models.TextChoices):
    TERM = "term", _("Committee term (Party)")
    YEAR = "year", _("Calendar year (State)")


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
    numbering_series = models.CharField(
        _("numbering series"),
        max_length=10,
        choices=NumberingSeries.choices,
        default=NumberingSeries.TERM,
        help_text=_(
            "Numbers restart each committee term for a Party committee, each calendar year "
            "for a State body."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Names the unit or the units merged into it went by before a reorganisation: searching
    # for an old name finds the unit that carries on its work.
    former_names = models.TextField(_("former names"), blank=True, default="")
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
            models.CheckConstraint(
                condition=Q(numbering_series__in=NumberingSeries.values),
                name="unit_numbering_series_valid",
                violation_error_message=_("Unknown numbering series."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path and the search column are kept here, not in a service, so that the
        # tree stays whole however a unit is saved (the admin included).
        self.search_text = fold(
            f"{self.name} {self.short_name} {self.issuer_code} {self.former_names}"
        )
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
        return Unit.objects.filter(in_subtree(self.path))

    def tasks_in_subtree(self):
        from thaogo.tasks.models import Task

        return Task.objects.filter(
            Exists(
                Task.units.through.objects.filter(
                    in_subtree(self.path, "unit__path"), task_id=OuterRef("pk")
                )
            )
        )

    def name_on(self, day) -> str:
        """The unit's name on `day`: a later rename does not change what past documents
        and reports were issued under."""
        later = (
            self.reorganisations_out.filter(kind=ReorganisationKind.RENAME, effective_on__gt=day)
            .order_by("effective_on", "pk")
            .values_list("old_name", flat=True)
            .first()
        )
        return later or self.name

    def ancestors(self) -> list["Unit"]:
        ids = [int(self.path[i : i + PATH_STEP]) for i in range(0, len(self.path), PATH_STEP)]
        by_id = Unit.objects.in_bulk(ids[:-1])
        return [by_id[i] for i in ids[:-1] if i in by_id]


class CommitteeTerm(models.Model):
    """A Party committee's term (nhiệm kỳ 2020-2025): the series its documents are numbered
    in. A term recorded for a unit holds for the units below it that have none."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="terms"
    )
    label = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2020-2025"))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["unit", "-starts_on"]
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "label"],
                name="committee_term_unique_label",
                violation_error_message=_("This unit already has a term with this label."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="committee_term_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.label}"


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")


class Reorganisation(models.Model):
    """A merge, split or rename of units from a date, by a deciding document (e.g. NQ
    1669/NQ-UBTVQH15, which merged Hải Phòng's wards from 1/7/2025). The predecessors keep
    their closed work; their open work moved to the successors on the effective date."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReorganisationKind.choices)
    effective_on = models.DateField(_("effective from"))
    decision = models.CharField(
        _("deciding document"),
        max_length=120,
        help_text=_("Number and symbol of the decision, e.g. 1669/NQ-UBTVQH15."),
    )
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(
        Unit, verbose_name=_("former units"), related_name="reorganisations_out"
    )
    successors = models.ManyToManyField(
        Unit, verbose_name=_("successor units"), related_name="reorganisations_in"
    )
    # A rename: the name the unit had before the effective date.
    old_name = models.CharField(_("former name"), max_length=200, blank=True)
    summary = models.TextField(_("what moved"), blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = BusinessTimeField(_("recorded at"), auto_now_add=True)

    history = history()

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReorganisationKind.values),
                name="reorganisation_kind_valid",
                violation_error_message=_("Unknown kind of reorganisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision} ({self.effective_on:%d/%m/%Y})"


class CommitteeMembership(models.TextChoices):
    STANDING = "standing", _("Standing Committee member")
    EXECUTIVE = "executive", _("Executive Committee member")
    NONE = "none", _("Not a committee member")


class Cadre(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    # With the name, what tells two cadres of the same name apart (the import's key).
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
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
    planning_term = models.CharField(
        _("planning term"), max_length=20, blank=True, help_text=_("For example 2025-2030.")
    )
    planning_decision = models.CharField(
        _("planning decision"),
        max_length=80,
        blank=True,
        help_text=_("The number of the document that decided the planning, e.g. 125-QĐ/TU."),
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
            # The natural key the import matches on: two cadres of the same name are told
            # apart by their dates of birth.
            models.UniqueConstraint(
                fields=["full_name", "date_of_birth"],
                condition=Q(date_of_birth__isnull=False),
                name="cadre_unique_name_and_birth",
                violation_error_message=_(
                    "A cadre with this name and date of birth already exists."
                ),
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
        """The posts held now (a post with an end date is a past one)."""
        return "; ".join(str(p) for p in self.positions.all() if p.end_date is None)


class Position(models.Model):
    """A post a cadre holds or held, with its dates; a cadre may hold several at once."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("position title"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)

    history = history()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "title", "unit"], name="position_unique_per_cadre"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="position_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
