# The portal's world (news, an album, a public task), shared with tests/portal.
from tests.portal.conftest import portal  # noqa: F401
