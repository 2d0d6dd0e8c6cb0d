"""Forms of the admin pages marketing_ai adds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketing_ai.conf import app_settings

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


class ImportEventsForm(forms.Form):
    """Upload a CSV of historical events; the import runs as a background job."""

    file = forms.FileField(label=_("CSV file"), help_text=_("With a header row; UTF-8."))
    user_column = forms.CharField(label=_("Customer column"), max_length=100, initial="user")
    product_column = forms.CharField(label=_("Product column"), max_length=100, initial="product")
    type_column = forms.CharField(label=_("Event type column"), max_length=100, required=False)
    event_type = forms.ChoiceField(label=_("Or one event type for all rows"), required=False)
    time_column = forms.CharField(label=_("Time column"), max_length=100, required=False)
    quantity_column = forms.CharField(label=_("Quantity column"), max_length=100, required=False)
    sep = forms.CharField(label=_("Separator"), max_length=2, initial=",", strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = [("", "---------")] + [(t, t) for t in app_settings.EVENT_WEIGHTS]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 MB; import it with the management command."))
        return upload

    def clean_sep(self):
        value = self.cleaned_data["sep"]
        value = "\t" if value in ("\\t", "\t") else value
        if len(value) != 1:
            raise forms.ValidationError(_("One character, or \\t for tab."))
        return value

    def clean(self):
        data = super().clean()
        if bool(data.get("type_column")) == bool(data.get("event_type")):
            raise forms.ValidationError(_("Give either an event type column or one event type for all rows."))
        return data
