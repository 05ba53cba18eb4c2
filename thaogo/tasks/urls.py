from django.urls import path

from thaogo.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list_view, name="list"),
    path("filter-options/<str:field>/", views.filter_options, name="filter_options"),
    path("new/", views.task_create, name="create"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/history/", views.task_history, name="history"),
    path("<int:pk>/periods/", views.task_periods, name="periods"),
    path("<int:pk>/edit/", views.task_edit, name="edit"),
    path("<int:pk>/assignments/new/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/deadline/", views.deadline_change, name="deadline_change"),
    path("<int:pk>/reassign/", views.lead_reassign, name="reassign"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("<int:pk>/metrics/new/", views.metric_create, name="metric_create"),
    path("metrics/<int:pk>/edit/", views.metric_edit, name="metric_edit"),
    path("metrics/<int:pk>/values/", views.metric_value_create, name="metric_values"),
]
