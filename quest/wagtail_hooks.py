"""Registration only."""

from wagtail import hooks

from .permissions import register_quest_policies
from .viewsets import QuestViewSetGroup

# Before the viewsets: Wagtail would otherwise give the models a model-only fallback policy.
register_quest_policies()


@hooks.register("register_admin_viewset")
def register_quest_viewsets():
    return QuestViewSetGroup()
