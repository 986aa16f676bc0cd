"""The API publish guard: no API token publishes an object that a moderation workflow covers.

Wagtail's v3 page endpoints publish directly (an action, or ``meta.action =
"publish"`` on create and update) for any token whose user may publish; where
a workflow applies, publication must go through it. The rule is checked where
publication happens, whatever spelling of an id, action or body led there:
in the models' ``publish()`` (create/update with ``meta.action = "publish"``,
the scheduler, workflows) and in the publish actions Wagtail's API looks up in
its action registry (``/pages/{id}/actions/publish/`` calls the action
directly, not ``publish()``). The token is known from ``APITokenMiddleware``,
which verifies it for the whole request.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.actions import PublishPageRevisionAction, PublishRevisionAction
from wagtail.models import DraftStateMixin, Page

_acting_token = ContextVar("manabi_acting_api_token", default=None)


class ModeratedPublicationRefused(PermissionDenied):
    """A token tried to publish an object whose changes must pass a workflow."""


@contextmanager
def acting_through_token(token):
    """Mark the code inside as running for an API token (``None`` for no token)."""
    reset = _acting_token.set(token)
    try:
        yield
    finally:
        _acting_token.reset(reset)


def acting_token():
    return _acting_token.get()


def ensure_not_published_by_token(obj):
    """Refuse publication of ``obj`` by an API token when a moderation workflow covers it."""
    if acting_token() is not None and obj.get_workflow() is not None:
        raise ModeratedPublicationRefused(
            "This object is moderated: submit it to its workflow instead of publishing "
            "through the API."
        )


class ModeratedPublishRuleMixin:
    """Put before ``Page`` (or ``DraftStateMixin``) in every publishable model's bases."""

    def publish(self, revision, *args, **kwargs):
        ensure_not_published_by_token(self)
        return super().publish(revision, *args, **kwargs)


class GuardedPublishRevisionAction(PublishRevisionAction):
    def execute(self, skip_permission_checks=False):
        ensure_not_published_by_token(self.object)
        return super().execute(skip_permission_checks=skip_permission_checks)


class GuardedPublishPageRevisionAction(PublishPageRevisionAction):
    def execute(self, skip_permission_checks=False):
        ensure_not_published_by_token(self.object)
        return super().execute(skip_permission_checks=skip_permission_checks)


@hooks.register("register_actions")
def register_guarded_publish_actions(registry):
    registry.register(DraftStateMixin, GuardedPublishRevisionAction)
    registry.register(Page, GuardedPublishPageRevisionAction)
