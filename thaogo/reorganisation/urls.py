from django.urls import path

from thaogo.reorganisation import views

app_name = "reorganisation"
urlpatterns = [
    path("", views.reorganisation_list, name="list"),
    path("new/", views.reorganisation_create, name="create"),
]
