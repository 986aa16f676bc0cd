from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import Operator, ProgrammePage
from .services import sync_operator_permissions


@receiver(post_save, sender=ProgrammePage)
def programme_saved(sender, instance, **kwargs):
    sync_operator_permissions(instance.operator)


@receiver(m2m_changed, sender=Operator.users.through)
def operator_users_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Operator):
        sync_operator_permissions(instance)
