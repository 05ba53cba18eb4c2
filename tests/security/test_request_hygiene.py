"""Input no page can use: a NUL character anywhere (PostgreSQL refuses it in text), and ids no
row can have (SQLite raises OverflowError past 64 bits; int() refuses "²"). Each gets a clear
4xx, or is ignored like any unknown filter, in one place each: the NUL middleware
(thaogo/core/middleware.py) and the id helper (thaogo/core/ids.py)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import assert_vietnamese
from thaogo.core.ids import MAX_ID, parse_id, parse_ids, parse_year
from thaogo.direction import services as direction_services
from thaogo.direction.models import Meeting
from thaogo.documents.models import Document, DocumentType
from thaogo.portal.models import Visit
from thaogo.tasks.models import Task

FORTY_DIGITS = "9" * 40


def assert_nul_refused(response) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert 'class="error-code">400<' in main
    assert "ký tự rỗng" in main  # says what was wrong, not only "bad request"
    assert_vietnamese(main)


# ---------------------------------------------------------------- NUL


@pytest.mark.parametrize(
    "url",
    [
        "/van-ban/?q=%00",
        "/app/search/?q=a%00b",
        "/app/tasks/?q=%00",
        "/app/documents/?q=%00",
        "/app/cadres/?q=%00",
        "/app/units/?q=%00",
        "/app/tasks/?sort=code&%00=1",  # in a key, too
    ],
)
def test_a_nul_in_the_query_string_gets_a_vietnamese_400(world, client_for, url):
    assert_nul_refused(client_for(world.btc).get(url))


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_written(world, client_for):
    client = client_for(world.btc)
    data = {
        "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
        "number": 901,
        "issuer": world.district.pk,
        "issued_on": "01/10/2024",
        "abstract": "Kế hoạch\x00kiểm tra",
    }
    before = Document.objects.count()
    assert_nul_refused(client.post(reverse("documents:create"), data))
    data["abstract"] = "Kế hoạch kiểm tra"
    assert_nul_refused(client.post(reverse("documents:create"), {**data, "x\x00": "1"}))
    assert Document.objects.count() == before
    assert client.post(reverse("documents:create"), data).status_code == 302  # the rest works


def test_a_nul_in_the_address_is_refused(world):
    assert_nul_refused(Client().get("/calendar/abc%00def.ics"))


def test_a_nul_in_a_header_is_refused_before_it_is_stored(world):
    before = Visit.objects.count()
    response = Client().post(reverse("portal:visitor_stats"), headers={"user-agent": "Mozilla\x00"})
    assert_nul_refused(response)
    assert Visit.objects.count() == before


def test_a_cookie_with_a_nul_is_ignored_not_refused(world, client_for):
    """A bad cookie comes back with every request: refusing it would shut the user out."""
    client = client_for(world.btc)
    client.cookies["django_language"] = "en\x00"
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    client.cookies["sessionid"] = "abcdefgh\x00"
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 302  # no session: to the login page
    assert reverse("login") in response["Location"]


def test_the_nul_page_follows_the_chosen_language(world):
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/van-ban/?q=%00")
    assert response.status_code == 400
    assert "null character" in response.content.decode()


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        (42, 42),
        (str(MAX_ID + 1), None),
        (FORTY_DIGITS, None),
        ("0", None),
        ("-1", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("١", None),  # Arabic-Indic one: int() reads it as 1
        (" 1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_id_accepts_only_what_can_be_a_row_id(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_refuses_the_whole_list_for_one_bad_id():
    assert parse_ids(["1", "2"]) == [1, 2]
    assert parse_ids(["1", FORTY_DIGITS]) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("2024", 2024), ("0001", 1), ("0000", None), ("²²²²", None)]
)
def test_parse_year_accepts_only_years_a_date_can_have(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", [FORTY_DIGITS, "²", "0", "-1", "1e999"])
@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("documents:list", "type"),
        ("documents:list", "issuer"),
        ("documents:list", "year"),
        ("tasks:list", "plan"),
        ("tasks:list", "unit"),
        ("tasks:list", "cadre"),
        ("tasks:list", "category"),
        ("tasks:create", "plan"),
        ("portal:documents", "type"),
        ("portal:documents", "issuer"),
        ("portal:documents", "year"),
    ],
)
def test_a_bad_id_in_a_filter_is_no_filter_match_not_a_server_error(
    world, client_for, url, param, value
):
    response = client_for(world.btc).get(reverse(url), {param: value})
    assert response.status_code == 200


def test_a_bad_year_filter_is_ignored(world, client_for):
    response = client_for(world.btc).get(reverse("documents:list"), {"year": "0000"})
    assert response.status_code == 200
    assert response.context["count"] == Document.objects.count()


def test_a_bad_report_id_on_a_new_proposal_is_ignored(world, client_for):
    url = reverse("direction:proposal_create", args=[world.clearance.pk])
    for value in (FORTY_DIGITS, "²"):
        response = client_for(world.cadre).get(url, {"report": value})
        assert response.status_code == 200
        assert response.context["report"] is None


@pytest.mark.parametrize("value", [FORTY_DIGITS, "²", "abc", "-1"])
def test_a_bad_id_in_a_choice_field_is_an_invalid_choice(world, client_for, value):
    client = client_for(world.btc)
    before = Task.objects.count()
    response = client.post(
        reverse("tasks:create"),
        {
            "plan": world.plan.pk,
            "code": "06",
            "title": "Việc mới",
            "category": Task.objects.first().category_id,
            "units": [world.vinh_niem.pk, value],
            "start_date": "01/12/2023",
            "priority": 3,
            "status": "in_progress",
        },
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["units"])
    assert_vietnamese(errors)
    assert Task.objects.count() == before


@pytest.mark.parametrize("value", [FORTY_DIGITS, "²", "abc"])
def test_bad_ids_in_a_meeting_are_refused(world, client_for, value):
    office = client_for(world.office)
    meeting = direction_services.meeting_create(
        title="Họp BTV", held_on=date(2024, 10, 1), by=world.office
    )
    url = reverse("direction:meeting_detail", args=[meeting.pk])
    response = office.post(
        url,
        {
            "action": "meeting",
            "title": "Họp BTV",
            "held_on": "01/10/2024",
            "status": meeting.status,
            "attendees": [value],
            "version": meeting.version,
        },
    )
    assert response.status_code == 400
    assert_vietnamese(" ".join(response.context["form"].errors["attendees"]))
    assert office.post(url, {"action": "agenda", "proposal": value}).status_code == 404
    directive = {"action": "directive", "proposal_id": value, "directive-text": "Chỉ đạo"}
    assert office.post(url, directive).status_code in (400, 404)
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version


@pytest.mark.parametrize("value", [FORTY_DIGITS, "²", "abc"])
def test_a_bad_task_id_on_the_public_progress_switch_is_not_found(world, client_for, value):
    response = client_for(world.btc).post(
        reverse("portal_staff:progress"), {"task": value, "is_public": "1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", [FORTY_DIGITS, "²"])
def test_bad_ids_in_the_admins_forms_are_invalid_choices(world, client_for, value):
    client = client_for(world.admin)
    response = client.post(
        reverse("admin:auth_group_add"), {"name": "Nhóm", "permissions": [value]}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("admin:tasks_task_change", args=[world.clearance.pk]), {"units": [value]}
    )
    assert response.status_code == 400
