"""Registration only."""

from wagtail import hooks

from .viewsets import QuestViewSetGroup


@hooks.register("register_admin_viewset")
def register_quest_viewsets():
    return QuestViewSetGroup()
