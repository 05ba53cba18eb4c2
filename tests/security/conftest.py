# The portal's world (news, an album, a public task), shared with tests/portal.
from tests.portal.conftest import portal  # noqa: F401

# The whole site's map for the generated tests: the world built once per module (site_walk).
from tests.security.site_walk import site_fixture, site_in_test, walk  # noqa: F401

site = site_fixture("site")
