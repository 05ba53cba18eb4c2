from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import (
    DateInput,
    Form,
    ServiceModelForm,
    VersionedFormMixin,
    VersionField,
    VietnameseIntegerField,
)
from thaogo.portal.models import Album, Article, Image

DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class ArticleForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()
    published_at = forms.DateTimeField(
        label=_("Publication date and time"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(
            format=DATETIME_FORMAT, attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        ),
        help_text=_("Leave empty to publish now. A later time publishes the article then."),
    )

    class Meta:
        model = Article
        fields = ["title", "category", "lead", "body", "source", "status", "published_at", "cover"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16, "data-rich-text": "true"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        images = self.instance.images.all() if self.instance.pk else Image.objects.none()
        self.fields["cover"].queryset = images
        self.fields["cover"].required = False
        if not self.instance.pk:
            del self.fields["cover"]
            del self.fields["version"]
        self.fields["body"].help_text = _(
            "Headings, lists, links and pictures uploaded below. Scripts and styles are removed."
        )


class ImageUploadForm(Form):
    file = forms.FileField(
        label=_("Picture"),
        help_text=_(
            "JPEG, PNG, WebP or GIF, at most %(mb)s MB. It is resized and its EXIF data removed."
        )
        % {"mb": settings.THAOGO_PORTAL_MAX_IMAGE_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    alt_text = forms.CharField(
        label=_("Description for screen readers"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)
    taken_on = forms.DateField(label=_("Taken on"), required=False, widget=DateInput())


class ImageEditForm(VersionedFormMixin, forms.Form):
    version = VersionField()
    alt_text = forms.CharField(label=_("Description for screen readers"), max_length=300)
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)
    order = VietnameseIntegerField(label=_("Order"), min_value=0, max_value=32000)


class AlbumForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Album
        fields = ["title", "event_date", "description", "task", "is_published"]
        widgets = {"event_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, tasks: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks.select_related("plan__document").order_by(
            "plan_id", "code"
        )
        if not self.instance.pk:
            del self.fields["version"]
