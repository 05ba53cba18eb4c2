from django.urls import path

from thaogo.reporting import views

app_name = "reporting"
urlpatterns = [
    path("reports/", views.report_board, name="report_board"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/write/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/autosave/", views.report_autosave, name="report_autosave"),
    path("reports/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("reports/<int:pk>/contributions/", views.contribution_add, name="contribution_add"),
    path(
        "reports/periods/<slug:kind>/<int:year>/<int:number>/",
        views.period_report,
        name="period_report",
    ),
    path(
        "reports/periods/<slug:kind>/<int:year>/<int:number>/autosave/",
        views.period_autosave,
        name="period_autosave",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("plans/<int:pk>/schedule/", views.schedule_edit, name="schedule_edit"),
]
