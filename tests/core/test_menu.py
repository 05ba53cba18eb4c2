"""The header's menus and the footer's language buttons, kept rendered per role and
language (base.html's `{% cache %}` fragments): each user still sees only their own."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from thaogo.accounts.roles import Role

pytestmark = pytest.mark.django_db

PAGE = reverse("tasks:list")
PORTAL = reverse("portal_staff:dashboard")
ADMIN = reverse("admin:index")


def header_and_footer(client, language: str = "vi") -> tuple[str, str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    return (
        html[html.index('<header class="app-header">') : html.index("</header>")],
        html[html.index('<footer class="container app-footer">') :],
    )


def test_each_user_sees_the_entries_of_their_own_menu_in_one_cache(world, client_for):
    # One after the other, so that each reads what the one before left in the cache.
    expected = {
        "cadre": (False, False, "Cán bộ được phân công"),
        "admin": (True, True, None),
        "btc": (False, False, "Ban Tổ chức"),
        "editor": (True, False, "Biên tập viên cổng thông tin"),
        "cadre_again": (False, False, "Cán bộ được phân công"),
    }
    for who, (portal, admin, label) in expected.items():
        user = getattr(world, who.removesuffix("_again"))
        header, _ = header_and_footer(client_for(user))
        assert (f'href="{PORTAL}"' in header) is portal, who
        assert (f'href="{ADMIN}"' in header) is admin, who
        if label:
            assert label in header, who
        assert f'action="{reverse("logout")}"' in header, who
        assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', header), who


def test_staff_and_superusers_of_one_role_each_see_their_own_entries(world, make, client_for):
    # The same role as world.btc, each flag in turn, read one after the other.
    staff = make.user("btc-staff", role=Role.ORGANIZATION_BOARD)
    staff.is_staff = True
    staff.save()
    chief = make.user("btc-super", role=Role.ORGANIZATION_BOARD, superuser=True)
    for user, portal, admin in [
        (world.btc, False, False),
        (staff, False, True),
        (world.btc, False, False),
        (chief, True, True),
        (world.btc, False, False),
    ]:
        header, _ = header_and_footer(client_for(user))
        assert (f'href="{PORTAL}"' in header) is portal, user.username
        assert (f'href="{ADMIN}"' in header) is admin, user.username


def test_the_language_buttons_mark_the_language_in_use(world, client_for):
    client = client_for(world.btc)
    for language in ("vi", "en", "vi"):
        header, footer = header_and_footer(client, language)
        current = re.findall(r'value="(\w+)" lang="\w+" class="link-button" aria-current', footer)
        assert current == [language]
        assert f'name="next" value="{PAGE}"' in footer
        assert ("Đổi mật khẩu" in header) is (language == "vi")
