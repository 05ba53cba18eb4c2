"""Model fields shared by the apps."""

from datetime import datetime
from typing import Any

from django.db import models

from thaogo.lib import clock


class BusinessTimeField(models.DateTimeField):
    """A DateTimeField whose auto_now and auto_now_add read the business clock, so a record
    created or changed while the demo plays its scenario carries the scenario's time.
    Security times (sessions, login throttling) use plain DateTimeFields."""

    def pre_save(self, model_instance: models.Model, add: bool) -> datetime | Any:
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)
