from django.urls import path

from thaogo.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.figure_list, name="list"),
]
