"""Background work for the community (django-tasks): long member-list imports."""

from django_tasks import task

from .importing import run_member_import
from .models import MemberImport


@task()
def run_member_import_task(job_id: int) -> None:
    """Run an import job; a failure marks the job failed instead of leaving it 'running'."""
    job = MemberImport.objects.get(pk=job_id)
    try:
        run_member_import(job)
    except Exception:
        MemberImport.objects.filter(pk=job_id).update(status=MemberImport.Status.FAILED)
        raise
