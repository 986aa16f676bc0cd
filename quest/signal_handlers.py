from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import Operator, ProgrammePage, RecruitmentRound
from .services import reschedule_round, sync_operator_permissions


@receiver(post_save, sender=ProgrammePage)
def programme_saved(sender, instance, **kwargs):
    sync_operator_permissions(instance.operator)


@receiver(m2m_changed, sender=Operator.users.through)
def operator_users_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Operator):
        sync_operator_permissions(instance)


@receiver(post_save, sender=RecruitmentRound)
def round_moment_moved(sender, instance, created, **kwargs):
    """Whatever path moves a round's announcement (admin, shell, import), its pages follow."""
    previous = instance.loaded_announcement_at
    if not created and previous != instance.announcement_at:
        reschedule_round(instance, previous_moment=previous)
    instance.loaded_announcement_at = instance.announcement_at
