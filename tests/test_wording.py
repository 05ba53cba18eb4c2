"""One word per concept, as a Party office writes it (shared/DOMAIN.md)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from thaogo.direction.models import DirectiveStatus
from thaogo.portal.models import Assessment
from thaogo.reporting.models import ObligationState

PARTY_OFFICE_WORDS = [
    (DirectiveStatus.ISSUED.label, "Đã giao"),
    (DirectiveStatus.ACKNOWLEDGED.label, "Đã tiếp nhận"),
    (ObligationState.UPCOMING.label, "Chưa đến hạn"),
    (ObligationState.ACCEPTED.label, "Đã duyệt"),
    (Assessment.NOT_MET.label, "Chưa đạt"),
    (Assessment.EXCEEDED.label, "Vượt chỉ tiêu"),
    (gettext_lazy("Calendar feed"), "Lịch hạn (ICS)"),
    (gettext_lazy("Conclusion document"), "Thông báo kết luận"),
    (gettext_lazy("Timing"), "Thời hạn"),
    (gettext_lazy("Progress"), "Tiến độ"),
]


@pytest.mark.parametrize(("english", "vietnamese"), PARTY_OFFICE_WORDS)
def test_a_party_office_word(english, vietnamese):
    with translation.override("vi"):
        assert str(english) == vietnamese


def test_a_report_is_submitted_a_second_time_not_in_a_second_version():
    with translation.override("vi"):
        assert translation.gettext("Version %(number)s") % {"number": 2} == "Lần 2"


def test_a_figure_is_dated_as_data_up_to_a_day():
    with translation.override("vi"):
        text = translation.gettext("measured on %(date)s") % {"date": "14/10/2024"}
    assert text == "số liệu đến ngày 14/10/2024"


@pytest.mark.django_db
def test_a_plan_is_headed_by_its_number(world, client_for):
    page = client_for(world.btc).get(reverse("documents:plan_detail", args=[world.plan.pk]))
    assert "<h1>Kế hoạch số 164-KH/QU</h1>" in page.content.decode()
