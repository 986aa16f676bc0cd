from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from wagtail.signals import published, unpublished


class ManabiConfig(AppConfig):
    name = "manabi"
    label = "manabi"
    verbose_name = _("Site")

    def ready(self):
        # Models and what imports them can be imported only once the app registry is ready.
        from catalogue.models import Course, Partner

        from .api.support import bump_api_cache_version
        from .permission_policies import scope_bulk_actions

        scope_bulk_actions()

        for model in (Course, Partner):
            for signal in (published, unpublished, post_delete):
                signal.connect(
                    bump_api_cache_version, sender=model, dispatch_uid=f"api-cache-{signal}-{model}"
                )
