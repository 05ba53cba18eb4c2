from django.urls import path

from thaogo.direction import views

app_name = "direction"
urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "proposals/attachments/<int:pk>/",
        views.proposal_attachment_download,
        name="proposal_attachment_download",
    ),
    path("tasks/<int:task_pk>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("directives/", views.directive_list, name="directive_list"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("tasks/<int:task_pk>/directives/new/", views.directive_create, name="directive_create"),
]
