"""Admin views beside the viewsets: invitations, enrolment decisions, awards, revocation, import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .badges import services as badge_services
from .importing import ImportFileError, create_import, import_progress
from .models import Assertion, BadgeClass, Cohort, Enrolment, EnrolmentState, Member, MemberImport
from .tasks import run_member_import_task

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def invite_cohort(request, pk):
    require(request.user, "community.change_member")
    cohort = get_object_or_404(Cohort, pk=pk)
    if request.method == "POST":
        sent = services.invite_cohort(cohort, actor=request.user)
        messages.success(request, _("%(count)s invitations sent.") % {"count": sent})
        return redirect("community_enrolments:index")
    candidates = Member.objects.filter(completions__cohort=cohort, left_at__isnull=True).count()
    return TemplateResponse(
        request,
        "community/admin/invite_cohort.html",
        {"cohort": cohort, "candidates": candidates},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (sent to the member when declining)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def enrolment_action(request, pk, state):
    require(request.user, "community.change_enrolment")
    enrolment = get_object_or_404(Enrolment.objects.select_related("member", "cohort"), pk=pk)
    try:
        state = EnrolmentState(state)
    except ValueError:
        raise PermissionDenied from None
    if state == EnrolmentState.APPLIED or not enrolment.can_move_to(state):
        messages.error(
            request, _("This action is not available for the enrolment in its current state.")
        )
        return redirect("community_enrolments:index")
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if state == EnrolmentState.APPROVED:
            services.approve(enrolment, actor=request.user)
        elif state == EnrolmentState.DECLINED:
            services.decline(enrolment, actor=request.user, note=note)
        elif state == EnrolmentState.WITHDRAWN:
            services.withdraw(enrolment, actor=request.user, note=note)
        else:
            services.invite(enrolment.member, enrolment.cohort, actor=request.user)
        messages.success(
            request,
            _("%(member)s: %(state)s. The member has been told by e-mail.")
            % {"member": enrolment.member.name, "state": state.label},
        )
        return redirect("community_enrolments:index")
    return TemplateResponse(
        request,
        "community/admin/enrolment_action.html",
        {"enrolment": enrolment, "state": state, "form": form},
    )


class AwardForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Every completer of a cohort"),
        queryset=Cohort.objects.all(),
        required=False,
    )
    email = forms.EmailField(label=gettext_lazy("Or one member, by e-mail"), required=False)
    narrative = forms.CharField(
        label=gettext_lazy("Narrative (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if bool(cleaned.get("cohort")) == bool(cleaned.get("email")):
            raise forms.ValidationError(_("Choose either a cohort or one member's e-mail."))
        if cleaned.get("email"):
            member = Member.objects.filter(email__iexact=cleaned["email"]).first()
            if member is None:
                self.add_error("email", _("No member has this e-mail address."))
            cleaned["member"] = member
        return cleaned


def award(request, pk):
    require(request.user, "community.add_assertion")
    badge_class = get_object_or_404(BadgeClass, pk=pk)
    form = AwardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("cohort"):
            count = badge_services.award_cohort(
                badge_class, form.cleaned_data["cohort"], actor=request.user
            )
        else:
            count = int(
                badge_services.award(
                    badge_class,
                    form.cleaned_data["member"],
                    actor=request.user,
                    narrative=form.cleaned_data["narrative"],
                )
                is not None
            )
        messages.success(request, _("%(count)s badges awarded.") % {"count": count})
        return redirect("community_awards:index")
    return TemplateResponse(
        request, "community/admin/award.html", {"badge_class": badge_class, "form": form}
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revocation"), max_length=500)


def revoke(request, pk):
    require(request.user, "community.change_assertion")
    assertion = get_object_or_404(Assertion.objects.select_related("badge_class", "member"), pk=pk)
    if assertion.is_revoked:
        messages.error(request, _("This badge has already been revoked."))
        return redirect("community_awards:index")
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        badge_services.revoke(assertion, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("The badge has been revoked."))
        return redirect("community_awards:index")
    return TemplateResponse(
        request, "community/admin/revoke.html", {"assertion": assertion, "form": form}
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8 or Shift_JIS)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def member_import(request):
    """Upload a past member list; the dry run comes first."""
    require(request.user, "community.add_member")
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = create_import(upload.read(), upload.name, user=request.user, dry_run=True)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            run_member_import_task.enqueue(job.pk)
            return redirect("community_admin:import_job", job.pk)
    jobs = MemberImport.objects.select_related("created_by").defer("content", "report")[:10]
    return TemplateResponse(
        request,
        "community/admin/import.html",
        {"form": form, "jobs": jobs},
        status=400 if form.errors else 200,
    )


def import_job(request, pk):
    require(request.user, "community.add_member")
    job = get_object_or_404(MemberImport, pk=pk)
    if request.method == "POST":
        if not job.dry_run or job.status != MemberImport.Status.DONE:
            raise PermissionDenied
        real = MemberImport.objects.create(
            file_name=job.file_name,
            content=job.content,
            encoding=job.encoding,
            dry_run=False,
            total_rows=job.total_rows,
            created_by=request.user,
        )
        run_member_import_task.enqueue(real.pk)
        return redirect("community_admin:import_job", real.pk)
    done = import_progress(job)
    return TemplateResponse(
        request,
        "community/admin/import_job.html",
        {
            "job": job,
            "done": done,
            "percent": int(100 * done / job.total_rows) if job.total_rows else 100,
            "running": job.status in (MemberImport.Status.PENDING, MemberImport.Status.RUNNING),
        },
    )


urlpatterns = [
    path("cohorts/<int:pk>/invite/", invite_cohort, name="invite_cohort"),
    path("enrolments/<int:pk>/<str:state>/", enrolment_action, name="enrolment_action"),
    path("badges/<int:pk>/award/", award, name="award"),
    path("awards/<int:pk>/revoke/", revoke, name="revoke"),
    path("import/", member_import, name="import"),
    path("import/<int:pk>/", import_job, name="import_job"),
]
