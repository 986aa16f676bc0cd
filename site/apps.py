from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished


class ManabiConfig(AppConfig):
    name = "manabi"
    label = "manabi"
    verbose_name = _("Site")

    def ready(self):
        # Models and what imports them can be imported only once the app registry is ready.
        from wagtail.models import get_page_models

        from catalogue.models import Course, Partner

        from .page_cache import SHOWN_ON_PAGES, public_content_changed
        from .permission_policies import scope_bulk_actions

        scope_bulk_actions()

        # Cached API answers and public pages (site/page_cache.py) show courses and partners.
        for model in (Course, Partner):
            for signal in (published, unpublished, post_delete):
                signal.connect(
                    public_content_changed, sender=model, dispatch_uid=f"api-cache-{signal}-{model}"
                )

        # Cached public pages (site/page_cache.py) show every Wagtail page and what they list.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(public_content_changed, dispatch_uid=f"page-cache-{signal}")
        for model in get_page_models():
            post_delete.connect(
                public_content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model}"
            )
        for app_label, model_name in SHOWN_ON_PAGES:
            model = apps.get_model(app_label, model_name)
            for signal in (post_save, post_delete):
                signal.connect(
                    public_content_changed,
                    sender=model,
                    dispatch_uid=f"page-cache-{signal}-{model}",
                )
