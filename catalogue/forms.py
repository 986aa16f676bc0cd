"""Admin forms that keep partner users inside their own organisation."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ListingAction, SkillStandard
from .permissions import is_partner_user, partner_for, scope_queryset
from .services import roles_for_level
from .validators import http_url_validator


class PartnerScopedAdminForm(WagtailAdminModelForm):
    """Every choice of a partner-owned object is limited to the user's own objects.

    Limiting the queryset also makes validation reject another partner's id
    sent in a crafted POST, not only hide it in the widget.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        for field in self.fields.values():
            if isinstance(field, forms.URLField):
                field.error_messages["invalid"] = http_url_validator.message
        if for_user is None:
            return
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = scope_queryset(for_user, field.queryset)


class CourseAdminForm(PartnerScopedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "standards" in self.fields:
            # Current versions, plus any older version the course already uses.
            chosen = [s.pk for s in self.instance.standards.all()] if self.instance.pk else []
            self.fields["standards"].queryset = SkillStandard.objects.filter(
                Q(is_current=True) | Q(pk__in=chosen)
            )
        if user is not None and is_partner_user(user) and "partner" in self.fields:
            partner = partner_for(user)
            if self.instance.pk is None and partner is not None:
                self.initial["partner"] = partner.pk

    def clean(self):
        cleaned = super().clean()
        standards = cleaned.get("standards")
        if standards is not None and cleaned.get("level"):
            self.instance.level = cleaned["level"]
            try:
                self.instance.clean_standards(list(standards))
            except forms.ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error(field, errors)
            else:
                roles = roles_for_level(cleaned["level"], standards)
                if roles is not None:
                    cleaned["roles"] = roles
        return cleaned


class ListingActionForm(forms.Form):
    """Suspend, resume or cancel a listing: the reason is required and shown to the partner."""

    reason_category = forms.ChoiceField(label=_("Reason category"), required=False, choices=())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the reason for this action.")},
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action == ListingAction.Action.RESUME:
            del self.fields["reason_category"]
        else:
            self.fields["reason_category"].choices = [
                ("", "---------"),
                *ListingAction.Reason.choices,
            ]
            self.fields["reason_category"].required = True
            self.fields["reason_category"].error_messages["required"] = _(
                "Choose which ground (a)–(d) applies."
            )


class ReportAggregateForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned
