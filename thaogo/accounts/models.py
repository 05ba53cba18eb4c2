from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history


class Role(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")
    ORGANIZATION_BOARD = "organization_board", _("Organization Board")
    OFFICE = "office", _("Office")
    CADRE = "cadre", _("Assigned cadre")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    PORTAL_EDITOR = "portal_editor", _("Portal editor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        help_text=_("The unit (and its sub-units) this user works in."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="profile_role_valid",
                violation_error_message=_("Unknown role."),
            ),
            # Unit staff only make sense with a unit to scope them to.
            models.CheckConstraint(
                condition=~Q(role=Role.UNIT_STAFF) | Q(unit__isnull=False),
                name="profile_unit_staff_has_unit",
                violation_error_message=_("Unit staff must belong to a unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def _audit_user_accounts() -> None:
    """Changes to accounts (names, e-mail, active, staff rights, groups) are audited like
    everything else; password hashes and login times stay out of the trail."""
    from django.contrib.auth import get_user_model
    from simple_history import register

    from thaogo.core.models import AuditedHistoricalModel

    register(
        get_user_model(),
        app="thaogo.accounts",
        bases=[AuditedHistoricalModel],
        excluded_fields=["password", "last_login"],
    )


_audit_user_accounts()
