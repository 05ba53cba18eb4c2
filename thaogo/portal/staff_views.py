"""The portal's staff pages under /app/portal/, in the internal layout.

Who gets what:
- News, pictures and albums are the portal editors' workspace (and administrators'). To
  anyone else these pages and their drafts do not exist: 404.
- The public progress switch belongs to the Organization Board, the Office and
  administrators (manages_tasks). The Standing Committee, who can see every task but not
  change it, gets 403; everyone else 404.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaogo.accounts.policy import Action, require
from thaogo.accounts.roles import oversees
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.ids import parse_id
from thaogo.core.paging import paginate
from thaogo.core.views import upload_refused
from thaogo.portal import services
from thaogo.portal.forms import AlbumForm, ArticleForm, ImageEditForm, ImageUploadForm
from thaogo.portal.models import Album, Article, Image
from thaogo.portal.selectors import public_tasks
from thaogo.tasks.models import Task
from thaogo.tasks.selectors import tasks_visible_to


def _require_editor(request: HttpRequest) -> None:
    require(request.user, Action.PORTAL_EDIT, hide=True)


def _linkable_tasks(user: Any):
    """Tasks an album may be linked to: the public ones, and any the user can see."""
    return Task.objects.filter(pk__in=public_tasks().values("pk")) | tasks_visible_to(user)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    articles = Article.objects.select_related("category").order_by(
        "status", "-published_at", "-updated_at"
    )
    return render(
        request,
        "portal/staff/dashboard.html",
        {
            "page": paginate(request, articles),
            "albums": Album.objects.order_by("-event_date")[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def article_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            article = services.article_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Article saved. Add pictures below if it needs any."))
            return redirect("portal_staff:article_edit", article.pk)
    return render(
        request,
        "portal/staff/article_form.html",
        {"form": form, "article": None, **_editor_context([])},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            article = services.article_update(
                article=article, by=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect("portal_staff:article_edit", article.pk)
    images = list(article.images.all())
    return render(
        request,
        "portal/staff/article_form.html",
        {
            "form": form,
            "article": article,
            "images": images,
            "upload_form": ImageUploadForm(),
            **_editor_context(images),
        },
        status=form_status(form),
    )


def _editor_context(images: list[Image]) -> dict[str, Any]:
    """The editor's button labels (translated here, used by editor.js) and the pictures it can
    place in the text."""
    labels = {
        "bold": _("Bold"),
        "italic": _("Italic"),
        "heading": _("Heading"),
        "subheading": _("Subheading"),
        "paragraph": _("Paragraph"),
        "quote": _("Quotation"),
        "bullets": _("Bulleted list"),
        "numbers": _("Numbered list"),
        "link": _("Link"),
        "linkPrompt": _("Address of the link (https://…)"),
        "image": _("Picture"),
        "chooseImage": _("Choose a picture of this article"),
        "noImages": _("Upload a picture below the form first."),
        "close": _("Close"),
    }
    pictures = [
        {
            "url": image.url,
            "thumbnail": image.thumbnail_url,
            "alt": image.alt_text,
            "caption": image.caption,
            "width": image.width,
            "height": image.height,
        }
        for image in images
    ]
    return {"editor_labels": labels, "editor_images": pictures}


def _upload(
    request: HttpRequest, *, article: Article | None = None, album: Album | None = None
) -> list[str]:
    """Store the uploaded picture; returns the reasons it was refused, if it was."""
    form = ImageUploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.image_upload(
                # One byte over the limit is enough to refuse it; a huge upload is never
                # read into memory whole.
                data=data["file"].read(settings.THAOGO_PORTAL_MAX_IMAGE_BYTES + 1),
                alt_text=data["alt_text"],
                caption=data["caption"],
                taken_on=data["taken_on"],
                article=article,
                album=album,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Picture uploaded."))
            return []
    refused = []
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            refused.append(f"{label}: {error}" if label else error)
    return refused


@login_required
@require_POST
@creates_once
def article_image_upload(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    article = get_object_or_404(Article, pk=pk)
    back = reverse("portal_staff:article_edit", args=[article.pk])
    if errors := _upload(request, article=article):
        return upload_refused(request, errors=errors, back=back)
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def image_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    image = get_object_or_404(Image.objects.select_related("article", "album"), pk=pk)
    back = (
        ("portal_staff:article_edit", image.article_id)
        if image.article_id
        else ("portal_staff:album_edit", image.album_id)
    )
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.image_delete(image=image, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Picture deleted."))
        return redirect(*back)
    form = ImageEditForm(
        request.POST or None,
        initial={"alt_text": image.alt_text, "caption": image.caption, "order": image.order},
        version=image.version,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.image_update(image=image, by=request.user, expected_version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Picture saved."))
            return redirect(*back)
    return render(
        request,
        "portal/staff/image_form.html",
        {"form": form, "image": image, "back": back},
        status=form_status(form),
    )


@login_required
@require_GET
def album_list(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    albums = Album.objects.select_related("task").order_by("-event_date", "-pk")
    return render(request, "portal/staff/album_list.html", {"page": paginate(request, albums)})


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def album_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = AlbumForm(request.POST or None, tasks=_linkable_tasks(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["is_published"] = False  # an album is published once it has photos
        try:
            album = services.album_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Album saved. Now add its photos."))
            return redirect("portal_staff:album_edit", album.pk)
    return render(
        request,
        "portal/staff/album_form.html",
        {"form": form, "album": None},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def album_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    album = get_object_or_404(Album, pk=pk)
    form = AlbumForm(request.POST or None, instance=album, tasks=_linkable_tasks(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            album = services.album_update(
                album=album, by=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Album saved."))
            return redirect("portal_staff:album_edit", album.pk)
    return render(
        request,
        "portal/staff/album_form.html",
        {
            "form": form,
            "album": album,
            "photos": list(album.photos.all()),
            "upload_form": ImageUploadForm(),
        },
        status=form_status(form),
    )


@login_required
@require_POST
@creates_once
def album_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    album = get_object_or_404(Album, pk=pk)
    back = reverse("portal_staff:album_edit", args=[album.pk])
    if errors := _upload(request, album=album):
        return upload_refused(request, errors=errors, back=back)
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def progress_publication(request: HttpRequest) -> HttpResponse:
    """Tick which tasks show on the public progress page."""
    # The Standing Committee sees every task, so the page is no secret to it: 403.
    require(request.user, Action.PORTAL_PUBLISH_PROGRESS, hide=not oversees(request.user))
    tasks = tasks_visible_to(request.user)
    if request.method == "POST":
        task_pk = parse_id(request.POST.get("task"))
        if task_pk is None:
            raise Http404
        task = get_object_or_404(tasks, pk=task_pk)
        make_public = request.POST.get("is_public") == "1"
        services.task_set_public(task=task, is_public=make_public, by=request.user)
        if make_public:
            messages.success(request, _("“%(task)s” is now public.") % {"task": task.title})
        else:
            messages.success(request, _("“%(task)s” is no longer public.") % {"task": task.title})
        return redirect("portal_staff:progress")
    return render(
        request,
        "portal/staff/progress.html",
        {
            "tasks": tasks.select_related(
                "plan__document__doc_type", "plan__document__issuer", "category"
            ).order_by("plan_id", "code"),
        },
    )
