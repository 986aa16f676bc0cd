"""The benchmark's synthetic corpus: replacing it leaves the catalogue's sync feed alone."""

import pytest
from django.core.management import call_command

from catalogue.models import Course, DeletedCourse

pytestmark = pytest.mark.django_db


def test_regenerating_the_corpus_leaves_no_tombstones():
    call_command("bench_search", "--courses", "30", "--generate-only")
    first = set(Course.objects.values_list("pk", flat=True))
    assert len(first) == 30
    call_command("bench_search", "--courses", "30", "--generate-only")
    assert not first & set(Course.objects.values_list("pk", flat=True))
    # The generated courses were replaced, not withdrawn from a catalogue: no removal to sync.
    assert DeletedCourse.objects.count() == 0
