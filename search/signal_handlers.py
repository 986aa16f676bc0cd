"""Keep the stored search text and the Elasticsearch index in step with the catalogue, after each commit.

The catalogue does not know about search: it publishes, unpublishes and
deletes through Wagtail, whose signals arrive here.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from catalogue.models import Course, Partner

from .tasks import sync_course_index

logger = logging.getLogger(__name__)


def schedule_sync(course_ids):
    if not course_ids:
        return
    ids = sorted(set(course_ids))

    def enqueue():
        try:
            sync_course_index.enqueue(ids)
        except Exception:
            logger.exception("could not queue the search index update for course ids %s", ids)

    transaction.on_commit(enqueue)


@receiver(published, sender=Course)
@receiver(unpublished, sender=Course)
def course_changed(sender, instance, **kwargs):
    schedule_sync([instance.pk])


@receiver(post_delete, sender=Course)
def course_deleted(sender, instance, **kwargs):
    schedule_sync([instance.pk])


@receiver(published, sender=Partner)
@receiver(unpublished, sender=Partner)
def partner_changed(sender, instance, **kwargs):
    """A rename (or approval withdrawn) changes every course of the partner."""
    schedule_sync(list(Course.objects.filter(partner=instance).values_list("pk", flat=True)))
