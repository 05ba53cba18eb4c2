# The world built once per module, with a logged-in client per role (tests/security/site_walk).
from tests.security.site_walk import site_fixture, site_in_test  # noqa: F401

site = site_fixture("site")
