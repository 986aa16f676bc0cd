"""Reactions to other apps' events. Quest does not know the community exists."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from catalogue.permissions import SECRETARIAT_GROUP
from manabi.mail import send_templated_mail
from quest.models import Application

from .models import CompletionCheck, Layer, Member


def check_layer2_completion(application):
    """Compare a declared layer-2 completion with the members list; tell the secretariat on a mismatch."""
    member = (
        Member.objects.filter(email__iexact=application.email)
        .prefetch_related("completions__cohort")
        .first()
    )
    if member is None:
        result = CompletionCheck.Result.NOT_FOUND
    elif any(c.cohort.layer == Layer.CASE_STUDY for c in member.completions.all()):
        result = CompletionCheck.Result.CONFIRMED
    else:
        result = CompletionCheck.Result.NO_LAYER2
    check, _created = CompletionCheck.objects.update_or_create(
        application=application, defaults={"member": member, "result": result}
    )
    if result != CompletionCheck.Result.CONFIRMED:
        recipients = list(
            get_user_model()
            .objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if recipients:
            transaction.on_commit(
                lambda: send_templated_mail(
                    "community/emails/completion_not_confirmed.txt", {"check": check}, recipients
                )
            )
    return check


@receiver(post_save, sender=Application)
def application_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.layer2_completed:
        check_layer2_completion(instance)
