"""Entry point for ``WAGTAIL_FINISH_WORKFLOW_ACTION``.

Wagtail imports the setting while its own models load, so this module must
not import the catalogue's models at import time.
"""


def finish_workflow_state(workflow_state, user=None):
    from .services import finish_workflow_state as finish

    return finish(workflow_state, user=user)
