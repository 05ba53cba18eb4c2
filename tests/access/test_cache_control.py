"""Internal pages are never stored by a browser or a proxy: every route of the URLconf that
needs a login (the app, the accounts pages, the admin, the portal's staff pages, downloads)
answers with Cache-Control "private, no-store" to everyone, whatever the status. Public
portal pages keep their own caching, so a shared cache may serve them."""

import pytest
from django.utils.cache import cc_delim_re, get_max_age

from tests.access.test_matrix import ROLES
from tests.security.site_walk import request, route_names, routes, url_for

ROUTES = {route.name: route for route in routes()}


def directives(response) -> set[str]:
    return {
        d.strip().split("=")[0].lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d.strip()
    }


@pytest.mark.parametrize("name", route_names())
def test_internal_pages_are_private_and_never_stored(site_in_test, name):
    route = ROUTES[name]
    url = url_for(route, site_in_test.objects)
    assert url is not None, f"no object to open {name} with"
    roles = ["anonymous", "admin"] if route.is_admin else ROLES
    answered = {}
    for role in roles:
        result = request(site_in_test, role, "get", url)
        assert result.response is not None, result.error
        answered[role] = result.response
    if route.is_public:
        # The portal's pages are the same for everyone; the calendar feed is its owner's.
        kept = "public" if route.namespace == "portal" else "private"
        for role, response in answered.items():
            if response.status_code == 200:
                assert kept in directives(response), (role, response.get("Cache-Control"))
                assert "no-store" not in directives(response), role
                assert get_max_age(response), (role, response.get("Cache-Control"))
    else:
        for role, response in answered.items():
            assert {"private", "no-store"} <= directives(response), (
                role,
                response.status_code,
                response.get("Cache-Control"),
            )
