"""Wagtail admin strings that Wagtail 8.0's own Japanese catalogue lacks.

Listed here so that makemessages carries them into locale/ja, which Django
consults before Wagtail's catalogue.
"""

from django.utils.translation import gettext_noop

WAGTAIL_STRINGS = [
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
]
