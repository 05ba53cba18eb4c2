from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.documents.models import Document, DocumentType, Plan


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "issued_on", "issuer", "is_public"]
    list_filter = ["doc_type", "is_public", "issuer"]
    search_fields = ["search_text", "abstract"]
    autocomplete_fields = ["issuer"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "issuing_body", "start_date", "end_date"]
    autocomplete_fields = ["document", "issuing_body"]
