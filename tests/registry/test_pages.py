"""The register pages as their users meet them: a cadre created with a login receives a
link to choose a password; an administrator gives roles and deactivates; units move."""

import re

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tests.form_posts import form_data
from thaogo.accounts.models import Role
from thaogo.units.models import Cadre, Unit


def form_of(response) -> dict:
    return form_data(response.context["form"])


def test_a_cadre_created_with_a_login_chooses_their_own_password(
    world, client_for, django_capture_on_commit_callbacks, client
):
    board = client_for(world.btc)
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(
            reverse("registry:cadre_create"),
            {
                "full_name": "Đỗ Thị Mai",
                "date_of_birth": "20/03/1975",
                "unit": world.district.pk,
                "committee_membership": "executive",
                "planned_position": "Phó Bí thư Quận ủy",
                "planning_term": "2025-2030",
                "planning_decision": "1245-QĐ/TU",
                "email": "mai@example.vn",
                "username": "domai",
            },
        )
    assert response.status_code == 302
    cadre = Cadre.objects.get(full_name="Đỗ Thị Mai")
    assert cadre.user.username == "domai" and not cadre.user.has_usable_password()
    assert cadre.user.profile.role == Role.CADRE
    [message] = mail.outbox
    assert message.to == ["mai@example.vn"] and "đồng chí Đỗ Thị Mai" in message.body
    link = re.search(r"https?://\S+(/accounts/password/set/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "Chọn mật khẩu" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Hai-Phong-2025!", "new_password2": "Hai-Phong-2025!"},
    )
    assert done.status_code == 302
    assert client.login(username="domai", password="Hai-Phong-2025!")
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_the_same_cadre_twice_is_refused(world, client_for):
    board = client_for(world.btc)
    data = {"full_name": "Lê Văn Sơn", "date_of_birth": "01/02/1970", "unit": world.district.pk}
    data["committee_membership"] = "none"
    assert board.post(reverse("registry:cadre_create"), data).status_code == 302
    again = board.post(reverse("registry:cadre_create"), data)
    assert again.status_code == 400
    assert "Đã có cán bộ cùng họ tên và ngày sinh" in again.content.decode()
    assert Cadre.objects.filter(full_name="Lê Văn Sơn").count() == 1


def test_an_administrator_gives_a_role_and_deactivates_keeping_the_history(world, client_for):
    admin = client_for(world.admin)
    url = reverse("registry:user_edit", args=[world.cadre.pk])
    data = form_of(admin.get(url))
    data.update(role=Role.UNIT_STAFF, unit=str(world.an_bien.pk))
    data.pop("is_active", None)  # unticked: deactivated
    assert admin.post(url, data).status_code == 302
    user = User.objects.get(pk=world.cadre.pk)
    assert not user.is_active
    assert user.profile.role == Role.UNIT_STAFF and user.profile.unit == world.an_bien
    assert user.profile.history.count() >= 2
    page = admin.get(url).content.decode()
    assert "Lịch sử thay đổi" in page or "history" in page.lower()


def test_a_unit_moves_under_another_and_its_subtree_follows(world, client_for):
    office = client_for(world.office)
    url = reverse("registry:unit_edit", args=[world.vinh_niem.pk])
    data = form_of(office.get(url))
    data["parent"] = str(world.an_bien.pk)
    assert office.post(url, data).status_code == 302
    group = Unit.objects.get(pk=world.residential_group.pk)
    assert group.path.startswith(Unit.objects.get(pk=world.an_bien.pk).path)

    # Not under its own sub-unit.
    data = form_of(office.get(reverse("registry:unit_edit", args=[world.an_bien.pk])))
    data["parent"] = str(world.residential_group.pk)
    refused = office.post(reverse("registry:unit_edit", args=[world.an_bien.pk]), data)
    assert refused.status_code == 400


def test_lists_say_when_nothing_matches(world, client_for):
    board = client_for(world.btc)
    page = board.get(reverse("registry:cadre_list"), {"q": "không ai tên thế này"})
    assert "Không có cán bộ nào phù hợp." in page.content.decode()
    page = board.get(reverse("registry:unit_list"), {"q": "không có đơn vị này"})
    assert "Không có đơn vị nào phù hợp." in page.content.decode()
