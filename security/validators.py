"""Password rules beyond Django's own validators."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _fold(text):
    """Compare as a person reads: full-width ＭＡＮＡＢＩ and half-width ﾏﾅﾋﾞ match their usual forms."""
    return unicodedata.normalize("NFKC", text).casefold()


class SiteNameValidator:
    """Refuse passwords that contain the site's name (the first word anyone guesses).

    The names are ``WAGTAIL_SITE_NAME`` and ``PASSWORD_FORBIDDEN_WORDS``, compared after NFKC
    normalisation and case folding, with spaces, hyphens and dots ignored.
    """

    def names(self):
        words = [settings.WAGTAIL_SITE_NAME, *getattr(settings, "PASSWORD_FORBIDDEN_WORDS", ())]
        return {self.squash(word) for word in words if word}

    @staticmethod
    def squash(text):
        return "".join(ch for ch in _fold(text) if ch not in " -_.・")

    def validate(self, password, user=None):
        squashed = self.squash(password)
        if any(name and name in squashed for name in self.names()):
            raise ValidationError(
                _("This password contains the site's name. Choose one that others cannot guess."),
                code="password_contains_site_name",
            )

    def get_help_text(self):
        return _("Your password can't contain the site's name.")
