import os

# Tests run without DEBUG, as production does; they only need some key.
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
