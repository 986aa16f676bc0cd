"""Public forms: the cross-programme application and the company intake."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from manabi.validators import validate_single_line

from .models import Application, CompanyIntake

KANA = re.compile(r"^[\u3041-\u3096\u30A1-\u30FA\u30FC\u30FB\s\u3000]+$")
MAX_CHOICES = 3


PHONE_SEPARATORS = re.compile(r"[\s\-‐‑–—−ー()]")
JAPANESE_PHONE = re.compile(r"^0\d{9,10}$")


def validate_kana(value):
    if not KANA.match(value):
        raise forms.ValidationError(_("Enter the reading in kana."), code="kana")


def normalize_text(value):
    """NFKC before validation: half-width kana (ｶﾅ) become カナ, full-width digits (１２) 12."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def validate_phone(value):
    """A Japanese phone number: 10 or 11 digits starting with 0 (or +81), separators allowed."""
    digits = PHONE_SEPARATORS.sub("", value)
    if digits.startswith("+81"):
        digits = "0" + digits[3:]
    if not JAPANESE_PHONE.match(digits):
        raise forms.ValidationError(
            _("Enter a phone number of 10 or 11 digits, e.g. 03-1234-5678."), code="phone"
        )


class NormalizedCharField(forms.CharField):
    """A CharField that applies NFKC before its validators run."""

    def to_python(self, value):
        return super().to_python(normalize_text(value))


class NormalizedEmailField(forms.EmailField):
    def to_python(self, value):
        return super().to_python(normalize_text(value))


class NormalizedIntegerField(forms.IntegerField):
    """Digits as text (``inputmode="numeric"``, as the Digital Agency recommends over
    ``type="number"``); full-width digits are accepted."""

    widget = forms.TextInput

    def to_python(self, value):
        return super().to_python(normalize_text(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return {**attrs, "inputmode": "numeric", "autocomplete": "off"}


class PhoneField(NormalizedCharField):
    default_validators = [validate_phone]
    widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})


class HoneypotMixin:
    """``website`` is left empty by people and filled in by bots that complete every field.

    The template renders it visually hidden and outside the accessibility tree.
    """

    HONEYPOT = "website"

    def is_bot(self):
        return bool(self.cleaned_data.get(self.HONEYPOT))


class ApplicationForm(HoneypotMixin, forms.Form):
    """Ranked choices among the open programmes of the round, then the applicant's details."""

    choice_1 = forms.ModelChoiceField(
        queryset=None, label=_("First choice"), empty_label=_("Choose a programme")
    )
    choice_2 = forms.ModelChoiceField(
        queryset=None,
        label=_("Second choice"),
        required=False,
        empty_label=pgettext_lazy("choice", "None"),
    )
    choice_3 = forms.ModelChoiceField(
        queryset=None,
        label=_("Third choice"),
        required=False,
        empty_label=pgettext_lazy("choice", "None"),
    )
    name = NormalizedCharField(
        label=pgettext_lazy("person", "Name"),
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    name_kana = NormalizedCharField(
        label=_("Name (kana)"),
        max_length=100,
        validators=[validate_single_line, validate_kana],
        help_text=_("Katakana or hiragana; half-width kana are accepted."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = NormalizedEmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    prefecture = forms.ChoiceField(
        label=_("Prefecture"),
        choices=[("", "---------"), *Application._meta.get_field("prefecture").choices],
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), choices=[("", "---------"), *Application.Occupation.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=[("", "---------"), *Application.AgeBand.choices]
    )
    layer2_completed = forms.BooleanField(
        label=_("I have completed the case-study programme"), required=False
    )
    weekly_hours = NormalizedIntegerField(
        label=_("Hours a week you can spend"), min_value=0, max_value=80
    )
    statement = forms.CharField(
        label=_("Why you are applying"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy policy"),
        error_messages={"required": _("Please agree to the privacy policy to apply.")},
    )
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, programmes, recruitment_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.recruitment_round = recruitment_round
        for rank in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{rank}"].queryset = programmes

    def ranked_programmes(self):
        return [
            self.cleaned_data[f"choice_{rank}"]
            for rank in range(1, MAX_CHOICES + 1)
            if self.cleaned_data.get(f"choice_{rank}")
        ]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Application.objects.filter(
            recruitment_round=self.recruitment_round, email__iexact=email
        ).exists():
            raise forms.ValidationError(
                _(
                    "An application with this e-mail address has already been received for this round."
                ),
                code="duplicate",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(f"choice_{rank}") for rank in range(1, MAX_CHOICES + 1)]
        picked = [c for c in chosen if c]
        if len({c.pk for c in picked}) != len(picked):
            self.add_error("choice_2", _("Choose each programme only once."))
        if chosen[2] and not chosen[1]:
            self.add_error("choice_2", _("Fill in the second choice before the third."))
        hours = cleaned.get("weekly_hours")
        if hours is not None and picked:
            needed = max(p.min_weekly_hours for p in picked)
            if hours < needed:
                self.add_error(
                    "weekly_hours",
                    _("The programmes you chose need at least %(hours)s hours a week.")
                    % {"hours": needed},
                )
        if not cleaned.get("layer2_completed") and any(
            p.requires_layer2_completion for p in picked
        ):
            self.add_error(
                "layer2_completed",
                _(
                    "The regional company collaboration programme is for those who completed the case-study programme."
                ),
            )
        return cleaned

    def application_data(self):
        return {name: self.cleaned_data[name] for name in Application.APPLICANT_FIELDS}


class CompanyIntakeForm(HoneypotMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree to the privacy policy"),
        error_messages={"required": _("Please agree to the privacy policy to apply.")},
    )
    website = forms.CharField(label=_("Leave this empty"), required=False)

    class Meta:
        model = CompanyIntake
        fields = [
            "company_name",
            "contact_name",
            "email",
            "phone",
            "prefecture",
            "dx_stage",
            "challenge",
        ]
        field_classes = {
            "company_name": NormalizedCharField,
            "contact_name": NormalizedCharField,
            "email": NormalizedEmailField,
            "phone": PhoneField,
        }
        widgets = {
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
            "phone": PhoneField.widget,
            "prefecture": forms.Select(attrs={"autocomplete": "address-level1"}),
            "dx_stage": forms.RadioSelect,
            "challenge": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("company_name", "contact_name", "phone"):
            self.fields[name].validators.append(validate_single_line)
        # Radio buttons need no "---------" choice, and none may be ticked in advance.
        self.fields["dx_stage"].choices = CompanyIntake.DXStage.choices
