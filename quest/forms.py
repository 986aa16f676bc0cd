"""Public forms: the cross-programme application and the company intake."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from manabi.validators import validate_single_line

from .models import Application, CompanyIntake

KANA = re.compile(r"^[\u3041-\u3096\u30A1-\u30FA\u30FC\u30FB\s\u3000]+$")
MAX_CHOICES = 3


def validate_kana(value):
    if not KANA.match(value):
        raise forms.ValidationError(_("Enter the reading in kana."), code="kana")


class ApplicationForm(forms.Form):
    """Ranked choices among the open programmes of the round, then the applicant's details."""

    choice_1 = forms.ModelChoiceField(
        queryset=None, label=_("First choice"), empty_label=_("Choose a programme")
    )
    choice_2 = forms.ModelChoiceField(
        queryset=None, label=_("Second choice"), required=False, empty_label=_("None")
    )
    choice_3 = forms.ModelChoiceField(
        queryset=None, label=_("Third choice"), required=False, empty_label=_("None")
    )
    name = forms.CharField(label=_("Name"), max_length=100, validators=[validate_single_line])
    name_kana = forms.CharField(
        label=_("Name (kana)"), max_length=100, validators=[validate_single_line, validate_kana]
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    prefecture = forms.ChoiceField(
        label=_("Prefecture"),
        choices=[("", "---------"), *Application._meta.get_field("prefecture").choices],
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
    weekly_hours = forms.IntegerField(
        label=_("Hours a week you can spend"), min_value=0, max_value=80
    )
    statement = forms.CharField(
        label=_("Why you are applying"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy policy"),
        error_messages={"required": _("Please agree to the privacy policy to apply.")},
    )
    # Left empty by people; filled in by bots that complete every field.
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


class CompanyIntakeForm(forms.ModelForm):
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
        widgets = {"dx_stage": forms.RadioSelect, "challenge": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("company_name", "contact_name", "phone"):
            self.fields[name].validators.append(validate_single_line)
