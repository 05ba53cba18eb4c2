"""Writes to the portal: articles, images, albums, public tasks and visitor counts."""

import secrets
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.core.services import apply_changes, audited_save, lock_for_update
from thaogo.lib import clock
from thaogo.lib.text import slugify_vi
from thaogo.portal.images import process_image
from thaogo.portal.models import (
    Album,
    Article,
    ArticleStatus,
    Image,
    NewsCategory,
    Visit,
    VisitorDay,
    VisitorSalt,
    week_start,
)
from thaogo.portal.sanitize import clean_body
from thaogo.portal.visitors import pseudonym
from thaogo.tasks.models import Task

SLUG_LENGTH = 120


def unique_slug(model: type[models.Model], title: str, *, exclude_pk: int | None = None) -> str:
    """The title without diacritics, e.g. "quan-le-chan-tang-cuong-...", made unique with -2, -3."""
    base = slugify_vi(title)[:SLUG_LENGTH].strip("-") or "bai-viet"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


SLUG_ATTEMPTS = 5


def _save_with_unique_slug(obj: Any, *, by: Any, new_slug: bool) -> Any:
    """Save `obj`, giving it a free address from its title first when `new_slug`.

    Two editors saving the same title at once both find the address free; the second insert
    then fails on the unique slug. It takes the next free address and tries again, instead
    of failing the editor's save.
    """
    model = type(obj)
    for attempt in range(SLUG_ATTEMPTS):
        if new_slug:
            obj.slug = unique_slug(model, obj.title, exclude_pk=obj.pk)
        try:
            with transaction.atomic():
                return audited_save(obj, by=by)
        except (IntegrityError, ValidationError) as error:
            taken = model._default_manager.filter(slug=obj.slug).exclude(pk=obj.pk).exists()
            if not (new_slug and taken) or attempt == SLUG_ATTEMPTS - 1:
                raise error from None
    raise AssertionError("unreachable")


# Articles


ARTICLE_FIELDS = {"title", "lead", "body", "source", "category", "status", "published_at", "cover"}


def _prepare_article(article: Article) -> None:
    article.body = clean_body(article.body or "")
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = clock.now()
    if article.cover_id and article.cover.article_id != article.pk:
        raise ValidationError({"cover": _("The cover must be one of this article's pictures.")})


@transaction.atomic
def article_create(
    *,
    title: str,
    lead: str,
    category: NewsCategory,
    by: Any,
    body: str = "",
    source: str = "",
    status: str = ArticleStatus.DRAFT,
    published_at: datetime | None = None,
) -> Article:
    article = Article(
        title=title,
        lead=lead,
        body=body,
        source=source,
        category=category,
        status=status,
        published_at=published_at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _prepare_article(article)
    return _save_with_unique_slug(article, by=by, new_slug=True)


@transaction.atomic
def article_update(*, article: Article, by: Any, expected_version: int, **changes: Any) -> Article:
    fresh = lock_for_update(article, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=ARTICLE_FIELDS)
    # The address follows the title until the article is first published, then never
    # changes, so links people shared keep working.
    new_slug = "title" in changes and fresh.published_at is None
    _prepare_article(fresh)
    fresh.version += 1
    return _save_with_unique_slug(fresh, by=by, new_slug=new_slug)


# Images


def _write(path: str, content: bytes) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


@transaction.atomic
def image_upload(
    *,
    data: bytes,
    alt_text: str,
    by: Any,
    article: Article | None = None,
    album: Album | None = None,
    caption: str = "",
    taken_on: date | None = None,
    order: int | None = None,
) -> Image:
    """Resize, thumbnail and strip an uploaded picture, and attach it to an article or album."""
    if (article is None) == (album is None):
        raise ValueError("an image belongs to exactly one article or album")
    processed = process_image(data, max_bytes=settings.THAOGO_PORTAL_MAX_IMAGE_BYTES)
    if order is None:
        siblings = article.images if article is not None else album.photos
        order = (siblings.aggregate(top=models.Max("order"))["top"] or 0) + 1
    image = Image(
        article=article,
        album=album,
        alt_text=alt_text.strip(),
        caption=caption.strip(),
        taken_on=taken_on,
        order=order,
        width=processed.width,
        height=processed.height,
        thumb_width=processed.thumb_width,
        thumb_height=processed.thumb_height,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    image.full_clean()
    _write(image.path, processed.display)
    _write(image.thumbnail_path, processed.thumbnail)
    try:
        return audited_save(image, by=by)
    except Exception:
        _delete_files(image)
        raise


IMAGE_FIELDS = {"alt_text", "caption", "taken_on", "order"}


@transaction.atomic
def image_update(*, image: Image, by: Any, expected_version: int, **changes: Any) -> Image:
    fresh = lock_for_update(image, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=IMAGE_FIELDS)
    fresh.version += 1
    return audited_save(fresh, by=by)


def _delete_files(image: Image) -> None:
    for path in (image.path, image.thumbnail_path):
        if default_storage.exists(path):
            default_storage.delete(path)


@transaction.atomic
def image_delete(*, image: Image, by: Any) -> None:
    fresh = Image.objects.select_for_update().get(pk=image.pk)
    if fresh.article_id:
        body = Article.objects.filter(pk=fresh.article_id).values_list("body", flat=True).first()
        if body and fresh.url in body:
            raise ValidationError(
                _("This picture is used in the article's text: remove it from the text first.")
            )
    Article.objects.filter(cover=fresh).update(cover=None)
    if by is not None and getattr(by, "is_authenticated", False):
        fresh._history_user = by
    fresh.delete()
    transaction.on_commit(lambda: _delete_files(fresh))


# Albums

ALBUM_FIELDS = {"title", "description", "event_date", "is_published", "task"}


@transaction.atomic
def album_create(
    *,
    title: str,
    event_date: date,
    by: Any,
    description: str = "",
    is_published: bool = False,
    task: Task | None = None,
) -> Album:
    album = Album(
        title=title,
        description=description,
        event_date=event_date,
        is_published=is_published,
        task=task,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return _save_with_unique_slug(album, by=by, new_slug=True)


@transaction.atomic
def album_update(*, album: Album, by: Any, expected_version: int, **changes: Any) -> Album:
    fresh = lock_for_update(album, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=ALBUM_FIELDS)
    if fresh.is_published and not fresh.photos.exists():
        raise ValidationError({"is_published": _("Add at least one photo before publishing.")})
    fresh.version += 1
    return audited_save(fresh, by=by)


# Public progress


@transaction.atomic
def task_set_public(*, task: Task, is_public: bool, by: Any) -> Task:
    """Show or hide a task on the public progress page.

    The task's version is not bumped: publishing does not conflict with someone editing the
    task's content at the same time.
    """
    fresh = Task.objects.select_for_update().get(pk=task.pk)
    if fresh.is_public == is_public:
        return fresh
    fresh.is_public = is_public
    return audited_save(fresh, by=by)


# Visitor statistics

DELETE_BATCH = 500
_salt_cache: dict[date, str] = {}


def _salt_for(day: date) -> str:
    """The day's random salt, the same in every process (the first to ask creates it)."""
    salt = _salt_cache.get(day)
    if salt is None:
        VisitorSalt.objects.bulk_create(
            [VisitorSalt(day=day, salt=secrets.token_hex(32))], ignore_conflicts=True
        )
        salt = VisitorSalt.objects.get(day=day).salt
        _salt_cache.clear()
        _salt_cache[day] = salt
    return salt


def visit_record(*, address: str, user_agent: str, at: datetime | None = None) -> None:
    """Count a visit: once per visitor and day, and note when they were last seen.

    One INSERT ... ON CONFLICT (day, visitor) DO UPDATE statement: concurrent visits never
    lose a count or count one twice, on SQLite and on PostgreSQL.
    """
    at = at or timezone.now()
    day = timezone.localdate(at)
    visitor = pseudonym(salt=_salt_for(day), address=address, user_agent=user_agent)
    Visit.objects.bulk_create(
        [Visit(day=day, visitor=visitor, last_seen=at)],
        update_conflicts=True,
        unique_fields=["day", "visitor"],
        update_fields=["last_seen"],
    )


def visits_roll_up_due(*, today: date) -> bool:
    """Whether a past day's salt or a visit before this week is still stored.

    The database, not a process's memory, says when to roll up, so the first visitor of a
    new day triggers it on whichever server they reach, and every other server sees it done.
    Two short indexed lookups; when they find nothing (nearly always) nothing is written."""
    return (
        VisitorSalt.objects.filter(day__lt=today).exists()
        or Visit.objects.filter(day__lt=week_start(today)).exists()
    )


@transaction.atomic
def visits_roll_up(*, today: date) -> int:
    """Replace the pseudonyms of days before this week by one count per day, and delete the
    salts of past days. Idempotent and safe to run from several processes at once: the rows
    are locked, so each is counted exactly once. Returns how many rows were rolled up."""
    VisitorSalt.objects.filter(day__lt=today).delete()
    rows = list(
        Visit.objects.select_for_update().filter(day__lt=week_start(today)).values_list("pk", "day")
    )
    if not rows:
        return 0
    per_day: dict[date, int] = {}
    for _pk, day in rows:
        per_day[day] = per_day.get(day, 0) + 1
    pks = [pk for pk, _day in rows]
    for start in range(0, len(pks), DELETE_BATCH):
        Visit.objects.filter(pk__in=pks[start : start + DELETE_BATCH]).delete()
    for day, count in per_day.items():
        if VisitorDay.objects.filter(day=day).update(visitors=F("visitors") + count):
            continue
        try:
            with transaction.atomic():
                VisitorDay.objects.create(day=day, visitors=count)
        except IntegrityError:  # another process created the day's row just now
            VisitorDay.objects.filter(day=day).update(visitors=F("visitors") + count)
    return len(rows)
