from django.http import HttpRequest, HttpResponse
from django.urls import path

from thaogo.urls import urlpatterns as thaogo_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The floor: a Django view that does nothing, behind every middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *thaogo_urlpatterns]
