from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import DateInput, ServiceModelForm, VersionedFormMixin, VersionField
from thaogo.documents.models import Document, DocumentType, Plan
from thaogo.units.models import Unit

# The same kinds thaogo.lib.files recognises by content; the service checks the content.
ALLOWED_EXTENSIONS = ["pdf", "docx", "xlsx", "jpg", "jpeg", "png", "gif", "webp"]


class DocumentForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()
    file = forms.FileField(
        label=_("Attached file"),
        required=False,
        validators=[
            FileExtensionValidator(
                ALLOWED_EXTENSIONS,
                # Django's own message has no Vietnamese translation.
                message=_("Only PDF, Word (DOCX), Excel (XLSX) and image files can be attached."),
            )
        ],
        help_text=_("PDF, Word, Excel or an image."),
    )

    class Meta:
        model = Document
        fields = [
            "doc_type",
            "number",
            "issuer",
            "series",
            "issued_on",
            "drafter_code",
            "abstract",
            "is_public",
        ]
        widgets = {"issued_on": DateInput(), "abstract": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Unit.objects.exclude(issuer_code="")
        self.fields["doc_type"].queryset = DocumentType.objects.all()
        self.fields["doc_type"].label_from_instance = lambda t: (
            f"{t.name} ({t.code}) — {t.get_system_display()}"
        )
        self.fields["series"].required = False
        if not self.instance.pk:
            del self.fields["version"]
            self.fields["number"].required = False
            self.fields["number"].help_text = _(
                "Leave empty to take the next free number in the series."
            )
        self.fields["series"].help_text = _(
            "Leave empty for the issuer's series: its committee term (e.g. 2020-2025) or the "
            "year of issue."
        )


class PlanForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Plan
        fields = ["document", "title", "issuing_body", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, documents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if documents is not None:
            self.fields["document"].queryset = documents
        if self.instance.pk:
            self.fields["document"].disabled = True
        else:
            del self.fields["version"]
