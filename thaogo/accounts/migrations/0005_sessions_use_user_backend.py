"""Logins made before the session's user was read by thaogo.accounts.backends.UserBackend
name Django's ModelBackend, which settings no longer list, and Django would treat them as
logged out: they are moved to the new backend, so nobody loses a form to the upgrade."""

from django.db import migrations

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
USER_BACKEND = "thaogo.accounts.backends.UserBackend"


def _move_sessions(apps, schema_editor, old, new):
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session_model = apps.get_model("sessions", "Session")
    store = SessionStore()
    sessions = session_model.objects.using(schema_editor.connection.alias)
    for session in sessions.iterator():
        data = store.decode(session.session_data)  # {} for one signed with another key
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    _move_sessions(apps, schema_editor, MODEL_BACKEND, USER_BACKEND)


def backwards(apps, schema_editor):
    _move_sessions(apps, schema_editor, USER_BACKEND, MODEL_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_profile_version"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
