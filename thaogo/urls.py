from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # The public portal will live at "/"; until then it leads to the internal app.
    path("", RedirectView.as_view(pattern_name="core:home", permanent=False)),
    path("app/", include("thaogo.core.urls")),
    path("app/tasks/", include("thaogo.tasks.urls")),
    path("app/", include("thaogo.documents.urls")),
    path("app/", include("thaogo.units.urls")),
    path("accounts/", include("thaogo.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
