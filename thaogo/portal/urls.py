"""Public pages, mounted at "/". Addresses are Vietnamese words without diacritics."""

from django.urls import path

from thaogo.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.news_list, name="news"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="article"),
    path("chuyen-muc/<slug:slug>/", views.news_list, name="category"),
    path("van-ban/", views.document_list, name="documents"),
    path("van-ban/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    path("thu-vien-anh/", views.album_list, name="albums"),
    path("thu-vien-anh/<slug:slug>/", views.album_detail, name="album"),
    path("thu-vien-anh/<slug:slug>/<uuid:key>/", views.photo_detail, name="photo"),
    path("anh/<uuid:key>.jpg", views.image, name="image"),
    path("anh/<uuid:key>.nho.jpg", views.thumbnail, name="thumbnail"),
    path("tien-do/", views.progress_list, name="progress"),
    path("tien-do/<int:pk>/", views.progress_detail, name="progress_detail"),
    path("chi-tieu/", views.resolution_detail, name="targets"),
    path("chi-tieu/<slug:slug>/", views.resolution_detail, name="resolution"),
    path("thong-ke-truy-cap/", views.visitor_stats_widget, name="visitor_stats"),
]
