from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VersionedAdminMixin
from thaogo.documents.models import Document, DocumentType, Plan


@admin.register(DocumentType)
class DocumentTypeAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "system", "number_form", "valid_from", "valid_until", "order"]
    list_filter = ["system", "number_form"]


@admin.register(Document)
class DocumentAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "issued_on", "issuer", "is_public"]
    list_filter = ["doc_type", "is_public", "issuer"]
    search_fields = ["search_text", "abstract"]
    autocomplete_fields = ["issuer"]
    # Files have no public URL: they are uploaded and downloaded through Thaogo's own pages,
    # which check who may see them.
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("attached file"))
    def download(self, document: Document) -> str:
        if not document.pk or not document.file:
            return "—"
        url = reverse("documents:download", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(Plan)
class PlanAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "issuing_body", "start_date", "end_date"]
    autocomplete_fields = ["document", "issuing_body"]
