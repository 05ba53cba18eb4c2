"""The report tracking board: its figures count the reports it shows."""

import re

from django.urls import reverse

BOARD = reverse("reporting:report_board")


def figures(html: str) -> dict[str, int]:
    return {
        state: int(count)
        for state, count in re.findall(
            r'state=(\w+)"><span>.*?</span><strong>(\d+)</strong>', html, re.S
        )
    }


def rows(html: str) -> int:
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    return table.count("<tr>") - table.count('class="empty"')


def test_the_board_figures_count_the_reports_shown(world, client_for, settings):
    settings.THAOGO_PAGE_SIZE = 100
    client = client_for(world.btc)
    html = client.get(BOARD).content.decode()
    everything = figures(html)
    assert sum(everything.values()) == rows(html) > 0
    shown_state = next(state for state, count in everything.items() if count)
    html = client.get(BOARD, {"state": shown_state}).content.decode()
    assert figures(html)[shown_state] == rows(html) == everything[shown_state]
    assert sum(figures(html).values()) == rows(html)
