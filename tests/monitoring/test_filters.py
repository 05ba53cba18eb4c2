"""The dashboard's plan filter is the task list's: a drop-down of every plan in scope while
there are few, a search field beside the matches when a province has thousands."""

from django.urls import reverse

from tests.helpers import form_as_served
from thaogo.tasks import choices

URL = reverse("monitoring:dashboard")


def test_few_plans_are_a_drop_down_and_the_form_goes_back_as_served(world, client_for):
    client = client_for(world.btc)
    html = client.get(URL, {"plan": world.plan.pk}).content.decode()
    assert 'name="plan_search"' not in html
    assert f'<option value="{world.plan.pk}" selected>' in html
    served = form_as_served(html, "monitoring-filters")
    again = client.get(URL, served)
    assert again.status_code == 200
    assert f'<option value="{world.plan.pk}" selected>' in again.content.decode()


def test_many_plans_are_a_search_field(world, client_for, monkeypatch):
    monkeypatch.setattr(choices, "CHOICES_SHOWN", 1)
    client = client_for(world.btc)
    symbol = world.plan.document.symbol
    html = client.get(URL).content.decode()
    assert 'name="plan_search"' in html
    assert symbol not in html.split('name="plan"', 1)[1].split("</select>", 1)[0]
    # Without script the form sends the typed words; the page comes back with the matches.
    html = client.get(URL, {"plan_search": symbol}).content.decode()
    assert f'<option value="{world.plan.pk}">' in html
    # The chosen plan is sent as before, stays selected and filters the figures.
    html = client.get(URL, {"plan": world.plan.pk}).content.decode()
    assert f'<option value="{world.plan.pk}" selected>' in html
    assert f"plan={world.plan.pk}" in html
    again = client.get(URL, form_as_served(html, "monitoring-filters"))
    assert again.status_code == 200


def test_an_unknown_plan_is_refused_with_the_filter_still_shown(world, client_for):
    response = client_for(world.btc).get(URL, {"plan": 999999})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kế hoạch không tồn tại." in html or "Unknown plan." in html
    assert 'name="plan"' in html
