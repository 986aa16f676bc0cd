"""Admin forms that keep partner users inside their own organisation."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from manabi.permission_policies import reachable

from .models import ChangeNotice, ListingAction, ReportingPeriod, SkillStandard
from .permissions import is_partner_user, partner_for
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
                field.queryset = reachable(for_user, field.queryset)


LEVEL_HELP = _(
    "Level 1: the DX literacy standard (DSS-L), what every business person needs. "
    "Level 2: skills common to every role of the DX promotion skill standard (DSS-P), "
    "ITSS/ITSS+ level 1–2. "
    "Level 3: the specialist skills of a DSS-P role, ITSS/ITSS+ level 3. "
    "Level 4: advanced specialist skills, ITSS/ITSS+ level 4."
)
ROLES_HELP = _(
    "A level-2 course on the DX promotion skill standard (DSS-P) teaches what every role shares: "
    "it is linked to all 15 roles automatically when saved, whatever is ticked here."
)
# Multi-value fields are ticked, not ctrl-clicked in a list box.
CHECKBOX_FIELDS = (
    "standards",
    "roles",
    "skill_categories",
    "reskill_fields",
    "subsidies",
    "exams",
)


def listing_criteria_help():
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _(
            "A course is listed for 3 years from first publication (or to the end of its "
            "Reskill certification, if later) when it meets the listing criteria."
        ),
        reverse("catalogue_admin:listing_criteria"),
        _("Read the listing criteria (opens in a new tab)"),
    )


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
            # Required by the level rules: marked so, with a message saying what to do.
            self.fields["standards"].required = True
            self.fields["standards"].error_messages["required"] = _(
                "Choose at least one skill standard."
            )
        for name in CHECKBOX_FIELDS:
            if name in self.fields:
                field = self.fields[name]
                field.widget = forms.CheckboxSelectMultiple()
                field.widget.choices = field.choices
        if "level" in self.fields:
            self.fields["level"].help_text = LEVEL_HELP
        if "roles" in self.fields:
            self.fields["roles"].help_text = ROLES_HELP
        if "title" in self.fields:
            self.fields["title"].help_text = listing_criteria_help()
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


class ChangeNoticeAdminForm(PartnerScopedAdminForm):
    """A partner files a notice; the secretariat moves it 受付 → 対応中 → 完了 and links the result."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course_id = self.instance.course_id
        for name in ("resulting_review", "resulting_listing_action"):
            if name not in self.fields:
                continue
            field = self.fields[name]
            if name == "resulting_review":
                field.queryset = field.queryset.filter(
                    base_content_type__model="course", object_id=str(course_id or 0)
                ).order_by("-created_at")
                field.label_from_instance = lambda state: (
                    _("Review of %(date)s (%(status)s)")
                    % {
                        "date": date_format(localtime(state.created_at), "SHORT_DATETIME_FORMAT"),
                        "status": state.get_status_display(),
                    }
                )
            else:
                field.queryset = field.queryset.filter(course_id=course_id or 0)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ChangeNotice.Status.PROCESSED and not (
            cleaned.get("resulting_review")
            or cleaned.get("resulting_listing_action")
            or (cleaned.get("secretariat_note") or "").strip()
            or self.instance.kind != ChangeNotice.Kind.CHANGE
        ):
            self.add_error(
                "status",
                _(
                    "Link the re-review or listing action that settles this notice, "
                    "or write a note, before completing it."
                ),
            )
        return cleaned

    def save(self, commit=True):
        notice = self.instance
        if notice.pk is None and self.for_user is not None:
            notice.submitted_by = self.for_user
        if notice.status == ChangeNotice.Status.PROCESSED and notice.processed_at is None:
            notice.processed_at = timezone.now()
        return super().save(commit=commit)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the reason; it is sent to the partner.")},
    )


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
    period_start = forms.DateField(
        label=pgettext_lazy("period", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=pgettext_lazy("period", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


# --- reports (#13): the report form carries its period's extra items -----------------------------


class PerformanceReportAdminForm(PartnerScopedAdminForm):
    """Adds one field per extra item of the report's reporting period; answers go to ``extra``.

    Also records who filed the report, whichever admin user saves it first.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        period = self._period()
        self.extra_items = list(period.extra_items.all()) if period else []
        answers = self.instance.extra or {}
        for name in ("period_start", "period_end"):
            if name in self.fields:
                # Taken from the reporting period when one is chosen; required otherwise (clean).
                self.fields[name].required = period is None
        for item in self.extra_items:
            if item.kind == item.Kind.NUMBER:
                field = forms.DecimalField(
                    error_messages={"invalid": _("Enter a number.")}, max_digits=12
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
            field.label = item.label
            field.help_text = item.help_text
            field.required = item.required
            field.error_messages["required"] = _("Answer this item.")
            field.initial = answers.get(str(item.pk))
            self.fields[item.field_name] = field

    def _period(self):
        """The period chosen in the submitted data, else the instance's: its items become fields."""
        chosen = self.data.get("reporting_period") if self.is_bound else None
        if chosen and str(chosen).isdigit():
            return ReportingPeriod.objects.filter(pk=chosen).first()
        if self.instance.reporting_period_id:
            return self.instance.reporting_period
        return None

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("reporting_period") or self.instance.reporting_period
        if period is not None:
            # The period fixes the dates; a partner does not type them twice.
            cleaned["period_start"], cleaned["period_end"] = period.period_start, period.period_end
            self.instance.period_start = period.period_start
            self.instance.period_end = period.period_end
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        extra = dict(instance.extra or {})
        for item in self.extra_items:
            value = self.cleaned_data.get(item.field_name)
            extra[str(item.pk)] = "" if value is None else str(value)
        instance.extra = extra
        if instance.submitted_by_id is None and self.for_user is not None:
            instance.submitted_by = self.for_user
        if commit:
            instance.save()
            self.save_m2m()
        return instance
