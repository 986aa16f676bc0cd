from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManabiConfig(AppConfig):
    name = "manabi"
    label = "manabi"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import published, unpublished

        from catalogue.models import Course, Partner

        from .middleware import bump_api_cache_version
        from .permission_policies import scope_bulk_actions

        scope_bulk_actions()

        for model in (Course, Partner):
            for signal in (published, unpublished, post_delete):
                signal.connect(
                    bump_api_cache_version, sender=model, dispatch_uid=f"api-cache-{signal}-{model}"
                )
