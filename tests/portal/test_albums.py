"""The photo library, and albums linked to a task."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from thaogo.portal import services

pytestmark = pytest.mark.django_db


def test_album_list_album_page_and_full_photo_view(client, portal):
    albums = client.get("/thu-vien-anh/").content.decode()
    assert portal.album.title in albums and portal.photos[0].thumbnail_url in albums
    album = client.get(portal.album.get_absolute_url()).content.decode()
    for photo in portal.photos:
        assert photo.thumbnail_url in album and photo.caption in album
    first = client.get(f"{portal.album.get_absolute_url()}{portal.photos[0].key}/")
    html = first.content.decode()
    assert first.status_code == 200
    assert portal.photos[0].url in html and portal.photos[0].caption in html
    assert f"{portal.photos[1].key}/" in html and 'rel="next"' in html


def test_unpublished_album_and_unknown_photo_are_404(client, portal, editor):
    assert client.get(f"{portal.album.get_absolute_url()}{portal.picture.key}/").status_code == 404
    services.album_update(
        album=portal.album,
        is_published=False,
        expected_version=portal.album.version,
        by=editor,
    )
    assert client.get(portal.album.get_absolute_url()).status_code == 404
    assert portal.album.title not in client.get("/thu-vien-anh/").content.decode()


def test_album_cannot_be_published_without_photos(editor, portal):
    empty = services.album_create(title="Trống", event_date=portal.album.event_date, by=editor)
    with pytest.raises(ValidationError) as refused:
        services.album_update(
            album=empty, is_published=True, expected_version=empty.version, by=editor
        )
    assert "is_published" in refused.value.message_dict


def test_album_linked_to_a_public_task_shows_on_its_progress_page(client, portal, world):
    html = client.get(f"/tien-do/{world.clearance.pk}/").content.decode()
    assert portal.album.title in html
    assert portal.photos[0].thumbnail_url in html
    album = client.get(portal.album.get_absolute_url()).content.decode()
    assert f"/tien-do/{world.clearance.pk}/" in album


def test_task_albums_tag_renders_the_task_photos_for_the_internal_task_page(portal, world):
    html = Template("{% load portal %}{% task_albums task %}").render(
        Context({"task": world.clearance})
    )
    assert portal.album.title in html
    assert all(photo.thumbnail_url in html for photo in portal.photos)
    other = Template("{% load portal %}{% task_albums task %}").render(
        Context({"task": world.revenue})
    )
    assert portal.album.title not in other


def test_the_task_page_shows_an_album_changed_since_its_last_visit(portal, world, editor):
    def shown() -> str:
        return Template("{% load portal %}{% task_albums task %}").render(
            Context({"task": world.clearance})
        )

    assert portal.album.title in shown()  # kept from here on
    album = services.album_update(
        album=portal.album,
        by=editor,
        expected_version=portal.album.version,
        title="Lễ bàn giao mặt bằng",
    )
    assert "Lễ bàn giao mặt bằng" in shown()
    gone = portal.photos[0]
    services.image_delete(image=gone, by=editor)
    assert gone.thumbnail_url not in shown()
    services.album_update(album=album, by=editor, expected_version=album.version, task=None)
    assert "Lễ bàn giao mặt bằng" not in shown()
