"""Public forms of the community: asking for a link, and the member's own page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.validators import validate_single_line
from quest.forms import validate_kana

from .models import Member


class RequestLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address you registered"), max_length=254)


class MemberDataForm(forms.ModelForm):
    """What a member may correct themselves; the e-mail identifies them and stays with the secretariat."""

    class Meta:
        model = Member
        fields = ["name", "name_kana", "prefecture", "affiliation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_kana"].required = True
        self.fields["name_kana"].validators.append(validate_kana)
        for name in ("name", "name_kana", "affiliation"):
            self.fields[name].validators.append(validate_single_line)


class AcceptForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree to the privacy policy and to receiving community e-mails"),
        error_messages={"required": _("Please agree to the privacy policy to join.")},
    )


class LeaveForm(forms.Form):
    hide_badges = forms.BooleanField(
        label=_("Also stop my badges' verification pages from confirming that they are mine"),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I want to leave the completers' community"),
        error_messages={"required": _("Tick the box to confirm that you want to leave.")},
    )


class VerifyForm(forms.Form):
    # Only this site's badge URLs are looked up (never fetched), so any http(s) URL is accepted here.
    url = forms.CharField(label=_("Badge URL"), required=False, max_length=500)
    image = forms.FileField(label=_("Badge image (PNG or SVG)"), required=False)
    email = forms.EmailField(
        label=_("Recipient's e-mail (optional)"),
        required=False,
        help_text=_("Enter it to check that the badge was issued to this address."),
    )

    MAX_IMAGE_BYTES = 2 * 1024 * 1024

    def clean_url(self):
        url = self.cleaned_data.get("url", "").strip()
        if url and not url.startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter a URL starting with https://."))
        return url

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > self.MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("The image is larger than 2 MB."))
        return image

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("url") and not cleaned.get("image"):
            raise forms.ValidationError(_("Enter a badge URL or choose a badge image."))
        return cleaned
