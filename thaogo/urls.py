from django.contrib import admin
from django.urls import include, path

from thaogo.notifications.urls import feed_urlpatterns as calendar_feed_urls

urlpatterns = [
    path("", include("thaogo.portal.urls")),
    path("app/portal/", include("thaogo.portal.staff_urls")),
    path("app/", include("thaogo.core.urls")),
    path("app/tasks/", include("thaogo.tasks.urls")),
    path("app/", include("thaogo.documents.urls")),
    path("app/", include("thaogo.units.urls")),
    path("app/", include("thaogo.reporting.urls")),
    path("app/", include("thaogo.direction.urls")),
    path("app/", include("thaogo.notifications.urls")),
    path("", include((calendar_feed_urls, "calendar_feed"))),
    path("accounts/", include("thaogo.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
