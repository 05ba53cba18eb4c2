"""Internal pages are never stored by a browser or a proxy: every route of the URLconf that
needs a login (the app, the accounts pages, the admin, the portal's staff pages, downloads)
answers with Cache-Control "private, no-store" to everyone, whatever the status. Public
portal pages keep their own caching, so a shared cache may serve them."""

import pytest
from django.utils.cache import cc_delim_re, get_max_age

from tests.security.site_walk import request, route_names, routes, url_for

ROUTES = {route.name: route for route in routes()}


def directives(response) -> set[str]:
    return {
        d.strip().split("=")[0].lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d.strip()
    }


def cache_problems(name: str, answered: dict) -> list:
    """What is wrong with the Cache-Control of one route's answers, {role: response}."""
    route = ROUTES[name]
    problems = []
    if route.is_public:
        # The portal's pages are the same for everyone; the calendar feed is its owner's.
        kept = "public" if route.namespace == "portal" else "private"
        for role, response in answered.items():
            found = directives(response)
            if response.status_code == 200 and (
                kept not in found or "no-store" in found or not get_max_age(response)
            ):
                problems.append((role, response.get("Cache-Control")))
    else:
        for role, response in answered.items():
            if not {"private", "no-store"} <= directives(response):
                problems.append((role, response.status_code, response.get("Cache-Control")))
    return problems


# The app's routes are checked on the answers the access matrix gets, every role's
# (tests/access/test_matrix.py): the same requests need not be made twice. The admin's, which
# the matrix leaves out, are asked here.
@pytest.mark.parametrize("name", [name for name in route_names() if name.startswith("admin:")])
def test_internal_pages_are_private_and_never_stored(site_in_test, name):
    url = url_for(ROUTES[name], site_in_test.objects)
    assert url is not None, f"no object to open {name} with"
    answered = {}
    for role in ["anonymous", "admin"]:
        result = request(site_in_test, role, "get", url)
        assert result.response is not None, result.error
        answered[role] = result.response
    assert cache_problems(name, answered) == []


def test_every_route_is_checked_here_or_by_the_matrix():
    from tests.access.test_matrix import MATRIX

    checked = set(MATRIX) | {name for name in route_names() if name.startswith("admin:")}
    assert set(route_names()) <= checked
