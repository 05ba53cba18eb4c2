from django.contrib import admin
from django.urls import include, path

from thaogo.api.v1 import api
from thaogo.notifications.urls import feed_urlpatterns as calendar_feed_urls

urlpatterns = [
    path("", include("thaogo.portal.urls")),
    path("app/portal/", include("thaogo.portal.staff_urls")),
    path("app/", include("thaogo.core.urls")),
    path("app/tasks/", include("thaogo.tasks.urls")),
    path("app/monitoring/", include("thaogo.monitoring.urls")),
    path("app/", include("thaogo.documents.urls")),
    path("app/", include("thaogo.units.urls")),
    path("app/", include("thaogo.reporting.urls")),
    path("app/reorganisations/", include("thaogo.reorganisation.urls")),
    path("app/", include("thaogo.direction.urls")),
    path("app/exports/", include("thaogo.exports.urls")),
    path("app/evaluation/", include("thaogo.evaluation.urls")),
    path("app/registry/", include("thaogo.registry.urls")),
    path("app/", include("thaogo.notifications.urls")),
    path("", include((calendar_feed_urls, "calendar_feed"))),
    path("app/api-tokens/", include("thaogo.api.urls")),
    path("api/v1/", api.urls),
    path("accounts/", include("thaogo.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
