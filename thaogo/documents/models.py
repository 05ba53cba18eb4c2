from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField
from thaogo.lib.text import fold
from thaogo.units.models import DocumentStyle


class NumberForm(models.TextChoices):
    """How a type's number is written (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW)."""

    STANDARD = "standard", _("Number and type: 164-KH/QU, 05/KH-UBND")
    WITH_YEAR = "with_year", _("Legal normative, with the year: 09/2019/NĐ-CP")
    LETTER = "letter", _("Letter without a type: 115/UBND-VP")


class DocumentType(models.Model):
    """A document type and its code in numbers: KH (plan), NQ (resolution), TB (notice)...

    Party and State types are separate lists: the same code can mean different things
    (Party "TT" is thông tri, State "TT" thông tư)."""

    system = models.CharField(
        _("system"), max_length=10, choices=DocumentStyle.choices, default=DocumentStyle.PARTY
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    number_form = models.CharField(
        _("how the number is written"),
        max_length=10,
        choices=NumberForm.choices,
        default=NumberForm.STANDARD,
    )
    valid_from = models.DateField(_("in use from"), null=True, blank=True)
    valid_until = models.DateField(_("in use until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["system", "order", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "code", "number_form"],
                name="document_type_unique_code_in_system",
                violation_error_message=_("This code is already used in this list of types."),
            ),
            models.CheckConstraint(
                condition=Q(system__in=DocumentStyle.values),
                name="document_type_system_valid",
                violation_error_message=_("Unknown numbering style."),
            ),
            models.CheckConstraint(
                condition=Q(number_form__in=NumberForm.values),
                name="document_type_number_form_valid",
                violation_error_message=_("Unknown number form."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="document_type_valid_until_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def in_use_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


def format_symbol(
    *,
    style: str,
    number_form: str,
    number: int,
    type_code: str,
    issuer_code: str,
    year: int,
    drafter_code: str = "",
) -> str:
    """A document's number and symbol as officials write it. Numbers below 10 take a leading
    zero in both systems (05/KH-UBND, 05-KH/QU)."""
    if style == DocumentStyle.STATE:
        if number_form == NumberForm.WITH_YEAR:
            return f"{number:02d}/{year}/{type_code}-{issuer_code}"
        if number_form == NumberForm.LETTER:
            tail = f"-{drafter_code}" if drafter_code else ""
            return f"{number:02d}/{issuer_code}{tail}"
        return f"{number:02d}/{type_code}-{issuer_code}"
    return f"{number:02d}-{type_code}/{issuer_code}"


def document_upload_to(instance: "Document", filename: str) -> str:
    return f"documents/{instance.issued_on:%Y}/{filename}"


class Document(models.Model):
    number = models.PositiveIntegerField(_("number"))
    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT
    )
    issuer = models.ForeignKey(
        "units.Unit",
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    series = models.CharField(
        _("numbering series"),
        max_length=20,
        help_text=_(
            "Numbers restart in each series: the calendar year for State documents, "
            "the committee term for Party documents (e.g. 2020-2025)."
        ),
    )
    issued_on = models.DateField(_("date issued"))
    drafter_code = models.CharField(
        _("drafting unit code"),
        max_length=20,
        blank=True,
        help_text=_(
            "For a State letter without a type: the drafting unit, e.g. VP in 115/UBND-VP."
        ),
    )
    abstract = models.TextField(_("abstract"))
    file = models.FileField(_("attached file"), upload_to=document_upload_to, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_type", "series", "number"],
                name="document_unique_number_in_series",
                violation_error_message=_(
                    "This number is already used in this series by this issuer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="document_number_positive",
                violation_error_message=_("The number must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.symbol

    def save(self, *args, **kwargs) -> None:
        # The folded column holds the symbol too, so "164" and "164-KH/QU" both find it.
        self.search_text = fold(f"{self.symbol} {self.abstract}")
        super().save(*args, **kwargs)

    # What `symbol` reads, for a query that loads only those columns of a document.
    SYMBOL_FIELDS = (
        "number",
        "issued_on",
        "drafter_code",
        "doc_type__number_form",
        "doc_type__code",
        "issuer__document_style",
        "issuer__issuer_code",
    )

    @property
    def symbol(self) -> str:
        """The number and symbol as officials write it: 164-KH/QU, 05/KH-UBND,
        09/2019/NĐ-CP or 115/UBND-VP."""
        return format_symbol(
            style=self.issuer.document_style,
            number_form=self.doc_type.number_form,
            number=self.number,
            type_code=self.doc_type.code,
            issuer_code=self.issuer.issuer_code,
            year=self.issued_on.year,
            drafter_code=self.drafter_code,
        )


class Plan(models.Model):
    document = models.OneToOneField(
        Document,
        verbose_name=_("issuing document"),
        on_delete=models.PROTECT,
        related_name="plan",
    )
    title = models.CharField(_("title"), max_length=300)
    issuing_body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="plan_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} — {self.title}"
