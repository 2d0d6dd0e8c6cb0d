"""Forms of the copy studio's admin pages and API: what to write, validated at the edge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketing_ai.conf import app_settings
from marketing_ai.copywriting.prompts import LANGUAGE_LABELS, TONE_LABELS, kind_label, validate_prompt_body
from marketing_ai.copywriting.models import PromptTemplate
from marketing_ai.textgen import backend_names

MAX_INSTRUCTIONS = 500


class GenerateCopyForm(forms.Form):
    """Kinds, tone, language and backend for a "Generate copy" run."""

    kinds = forms.MultipleChoiceField(label=_("What to write"), widget=forms.CheckboxSelectMultiple)
    tone = forms.ChoiceField(label=_("Tone"))
    language = forms.ChoiceField(label=_("Language"))
    backend = forms.ChoiceField(label=_("Backend"))
    instructions = forms.CharField(label=_("Extra instructions"), required=False, max_length=MAX_INSTRUCTIONS,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Free-form, for model backends; the template composer ignores it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind, kind_label(kind)) for kind in app_settings.COPY_KINDS]
        self.fields["kinds"].initial = ["description"]
        self.fields["tone"].choices = list(TONE_LABELS.items())
        self.fields["language"].choices = [(code, LANGUAGE_LABELS.get(code, code))
                                           for code in app_settings.COPY_LANGUAGES]
        self.fields["backend"].choices = [(name, name) for name in backend_names()]
        self.fields["backend"].initial = app_settings.TEXT_BACKEND


class PromptTemplateForm(forms.ModelForm):
    """A prompt edit, refused when it uses a placeholder the prompts do not fill."""

    class Meta:
        model = PromptTemplate
        fields = ["kind", "language", "system", "body"]

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            validate_prompt_body(body)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return body
