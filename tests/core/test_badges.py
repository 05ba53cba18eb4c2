"""The badges and linked figures pages draw one per row or cell: simple tags, each checked
for what it writes."""

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


def test_a_monitoring_figure_links_to_what_it_counts_written_the_vietnamese_way():
    cell = type("Cell", (), {"url": "/app/tasks/?timing=overdue&unit=3", "value": 12345})()
    html = Template("{% load thaogo %}{% figure_link c %}").render(Context({"c": cell}))
    assert html == (
        '<a class="figure" href="/app/tasks/?timing=overdue&amp;unit=3" '
        'data-figure-count="12345">12.345</a>'
    )


def test_a_queue_count_links_to_its_rows():
    html = Template("{% load thaogo %}{% queue_count 1234 href %}").render(
        Context({"href": "/app/reports/?state=overdue"})
    )
    assert html == (
        '<a class="queue-count" href="/app/reports/?state=overdue" '
        'data-queue-count="1234">1.234</a>'
    )
