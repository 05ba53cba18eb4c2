import os

import django

# Tests run without DEBUG, as production does; they only need some key, and plain HTTP (the
# test client and the live server speak no TLS, so no redirect to https). This file sets the
# environment before pytest-django would read the settings, and sets Django up so that the
# conftest files below may import models at module level.
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaogo.settings")
django.setup()
