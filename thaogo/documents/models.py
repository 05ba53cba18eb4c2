from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.lib.text import fold
from thaogo.units.models import DocumentStyle


class DocumentType(models.Model):
    """A document type and its code in numbers: KH (plan), NQ (resolution), TB (notice)..."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
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

    @property
    def symbol(self) -> str:
        """The number and symbol as officials write it: 164-KH/QU or 115/KH-UBND."""
        issuer_code = self.issuer.issuer_code
        if self.issuer.document_style == DocumentStyle.STATE:
            return f"{self.number}/{self.doc_type.code}-{issuer_code}"
        return f"{self.number:02d}-{self.doc_type.code}/{issuer_code}"


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
