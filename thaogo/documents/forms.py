from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import DateInput, ServiceModelForm, VersionedFormMixin, VersionField
from thaogo.documents.models import Document, Plan
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
        fields = ["doc_type", "number", "issuer", "series", "issued_on", "abstract", "is_public"]
        widgets = {"issued_on": DateInput(), "abstract": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Unit.objects.exclude(issuer_code="")
        self.fields["series"].required = False
        if not self.instance.pk:
            del self.fields["version"]
        self.fields["series"].help_text = _(
            "Leave empty to use the year of issue. "
            "Party committees number per term, e.g. 2020-2025."
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
