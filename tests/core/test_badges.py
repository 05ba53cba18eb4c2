"""The badges pages draw one per row: a report's state, coloured by how it stands."""

import pytest
from django.template import Context, Template
from django.utils import translation

from thaogo.reporting.models import ObligationState

TONES = {
    ObligationState.UPCOMING: "info",
    ObligationState.DUE_SOON: "warn",
    ObligationState.OVERDUE: "bad",
    ObligationState.SUBMITTED_ON_TIME: "ok",
    ObligationState.SUBMITTED_LATE: "late",
    ObligationState.RETURNED: "late",
    ObligationState.ACCEPTED: "ok",
}


@pytest.mark.parametrize("state", list(ObligationState))
def test_a_report_state_badge_has_the_state_its_tone_and_its_vietnamese_name(state):
    with translation.override("vi"):
        html = Template("{% load thaogo %}{% state_badge state %}").render(
            Context({"state": state.value})
        )
        label = str(state.label)
    assert html == (
        f'<span class="badge badge-{TONES[state]}" data-state="{state.value}">{label}</span>'
    )
    assert label != state.value  # a Vietnamese name, not the code


def test_an_unknown_state_is_drawn_plain_and_escaped():
    html = Template("{% load thaogo %}{% state_badge state %}").render(Context({"state": "<b>"}))
    assert html == '<span class="badge badge-info" data-state="&lt;b&gt;"></span>'
