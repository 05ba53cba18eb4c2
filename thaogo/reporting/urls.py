from django.urls import path

from thaogo.reporting import views

app_name = "reporting"
urlpatterns = [
    path("reports/", views.report_board, name="report_board"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/write/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/autosave/", views.report_autosave, name="report_autosave"),
    path("reports/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("plans/<int:pk>/schedule/", views.schedule_edit, name="schedule_edit"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("tasks/<int:task_pk>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("directives/", views.directive_list, name="directive_list"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("calendar/", views.calendar_settings, name="calendar"),
]

feed_urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
