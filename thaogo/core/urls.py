from django.urls import path

from thaogo.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.dashboard, name="dashboard"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("search/", views.search, name="search"),
]
