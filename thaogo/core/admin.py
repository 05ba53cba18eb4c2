"""What every admin page of Thaogo shares."""

from django.db import models

from thaogo.core.forms import VietnameseDecimalField

# Figures are typed the Vietnamese way in the admin too ("30.907,38"), as in Thaogo's pages.
VIETNAMESE_NUMBERS = {models.DecimalField: {"form_class": VietnameseDecimalField}}
