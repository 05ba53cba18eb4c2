import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import form_status
from thaogo.core.paging import paginate
from thaogo.notifications import calendar, services
from thaogo.notifications.forms import PreferencesForm
from thaogo.notifications.models import CalendarFeed, Notification


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("notifications:list")
    page = paginate(request, Notification.objects.filter(user=request.user))
    return render(request, "notifications/list.html", {"page": page, "notices": page.object_list})


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notice.pk])
    # Notices carry paths on this site only; anything else goes back to the list.
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Each kind of notice, in the app only or by e-mail too. Saving sets every choice as
    sent, so sending the same form twice changes nothing."""
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=PreferencesForm.initial_from(services.preferences_of(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, email=form.email_choices())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"form": form}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, _("The calendar address was revoked."))
        else:
            CalendarFeed.objects.update_or_create(
                user=request.user, defaults={"token": secrets.token_urlsafe(32)}
            )
            messages.success(request, _("A new private calendar address was made."))
        return redirect("notifications:calendar")
    url = (
        request.build_absolute_uri(reverse("calendar_feed:feed", args=[feed.token])) if feed else ""
    )
    return render(request, "notifications/calendar.html", {"feed": feed, "url": url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed itself: the token is the credential, so no login."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    body = calendar.feed_for(feed.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="thaogo.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
