from django.urls import path

from thaogo.exports import views

app_name = "exports"
urlpatterns = [
    path("tasks.xlsx", views.task_list_export, name="tasks"),
    path("reports.xlsx", views.report_list_export, name="reports"),
    path("meetings/<int:pk>/conclusion.docx", views.conclusion_notice, name="conclusion"),
    path("monitoring/consolidated.docx", views.consolidated_report, name="consolidated"),
    path("monitoring/cadres.xlsx", views.cadre_table, name="cadre_table"),
    path("monitoring/units.xlsx", views.unit_table, name="unit_table"),
    path("monitoring/compliance.xlsx", views.compliance_table, name="compliance_table"),
]
