"""The publication rule of a course, beside ``publish()``, the one method every path calls.

The admin's publish button, workflow approval, Wagtail's scheduler
(``publish_scheduled``), a listing being resumed and any API all end in
``Revision.publish()`` → ``publish()``; refusing there refuses everywhere.
"""

import json
import re

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _


class CourseNotPublishable(PermissionDenied):
    """Raised on any path that tries to publish a course the rules keep offline."""


# Fields that describe the listing as a whole, not one revision's content:
# publishing an older revision must not roll them back, and they are not what
# a reviewer approved.
LISTING_FIELDS = (
    "partner_id",
    "listing_state",
    "listed_from",
    "listed_until",
    "expiry_notified_at",
    "renewal_requested_at",
    "approved_revision_id",
)

# Revision keys that describe state, not the content a reviewer approved.
NON_CONTENT_KEYS = frozenset(
    {
        "pk",
        "id",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
        "updated_at",
        *LISTING_FIELDS,
        *(field.removesuffix("_id") for field in LISTING_FIELDS),
    }
)

BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def reviewed_content(revision):
    """The approved content of a revision; Draftail's block keys are editor state, not content.

    A revision just created still holds Python values (Decimal); one read back
    from the database holds their JSON form, so both are compared as JSON.
    """
    content = json.loads(json.dumps(revision.content, cls=DjangoJSONEncoder))
    return {
        k: BLOCK_KEY.sub("", v) if isinstance(v, str) else v
        for k, v in content.items()
        if k not in NON_CONTENT_KEYS
    }


class PublicationRuleMixin:
    """Publication needs an approved partner, an active listing and the approved content.

    Mixed into ``Course`` before Wagtail's ``DraftStateMixin`` so that its
    ``publish()`` runs first.
    """

    LISTING_FIELDS = LISTING_FIELDS

    def matches_approved_revision(self, revision):
        """True for the approved revision, or a later one with exactly the approved content.

        Saving in the editor before publishing makes a new revision; what matters
        is that nothing a reviewer approved has changed since.
        """
        approved = self.approved_revision
        if approved is None:
            return False
        return revision.pk == approved.pk or reviewed_content(revision) == reviewed_content(
            approved
        )

    def ensure_publishable(self, revision):
        """Refuse publication unless the partner is approved and this revision passed review."""
        if not self.partner.live:
            raise CourseNotPublishable(
                _(
                    "The partner '%(partner)s' has not been approved yet, so its courses cannot be published."
                )
                % {"partner": self.partner.name}
            )
        if self.listing_state != self.ListingState.ACTIVE:
            raise CourseNotPublishable(
                _("This listing is %(state)s; it cannot be published.")
                % {"state": self.get_listing_state_display()}
            )
        if revision is None or not self.matches_approved_revision(revision):
            raise CourseNotPublishable(
                _(
                    "Only the revision approved in review can be published. Submit the course for review first."
                )
            )

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for field in self.LISTING_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Every publication path (admin, workflow, scheduler, API) passes through here."""
        self.ensure_publishable(revision)
        return super().publish(revision, user=user, **kwargs)
