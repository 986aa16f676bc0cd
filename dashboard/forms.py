from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fiscal_year import FiscalYear, parse_fiscal_year


class FiscalYearForm(forms.Form):
    year = forms.CharField(
        label=_("Fiscal year"),
        required=False,
        max_length=20,
        help_text=_("In AD (2026) or in Reiwa (令和8年度, R8)."),
    )

    def clean_year(self):
        value = self.cleaned_data["year"]
        if not value:
            return FiscalYear.containing(timezone.localdate())
        try:
            return parse_fiscal_year(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a fiscal year such as 2026 or 令和8年度."), code="invalid"
            ) from None
