"""The portal's staff pages, mounted at /app/portal/."""

from django.urls import path

from thaogo.portal import staff_views as views

app_name = "portal_staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/images/", views.article_image_upload, name="article_image_upload"),
    path("images/<int:pk>/", views.image_edit, name="image_edit"),
    path("albums/", views.album_list, name="album_list"),
    path("albums/new/", views.album_create, name="album_create"),
    path("albums/<int:pk>/", views.album_edit, name="album_edit"),
    path("albums/<int:pk>/photos/", views.album_photo_upload, name="album_photo_upload"),
    path("progress/", views.progress_publication, name="progress"),
]
