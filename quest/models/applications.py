"""Applications to programmes, company intake, and the audit log of personal-data exports."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from manabi.prefectures import Prefecture


class Application(models.Model):
    """One person's application to the programmes of a round, with ranked choices."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENING = "screening", _("Screening")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")
        # "Withdrawn" alone is a course listing's 掲載取下げ; an applicant 辞退する.
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    class Occupation(models.TextChoices):
        EMPLOYEE = "employee", _("Company employee")
        PUBLIC_SERVANT = "public_servant", _("Public servant")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        STUDENT = "student", _("Student")
        JOB_SEEKER = "job_seeker", _("Looking for work")
        OTHER = "other", _("Other")

    class AgeBand(models.TextChoices):
        UNDER_20 = "under20", _("Under 20")
        TWENTIES = "20s", _("20s")
        THIRTIES = "30s", _("30s")
        FORTIES = "40s", _("40s")
        FIFTIES = "50s", _("50s")
        SIXTY_PLUS = "60plus", _("60 or over")

    recruitment_round = models.ForeignKey(
        "quest.RecruitmentRound",
        verbose_name=_("recruitment round"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100)
    email = models.EmailField(_("e-mail"))
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices)
    layer2_completed = models.BooleanField(_("completed the case-study programme"), default=False)
    weekly_hours = models.PositiveSmallIntegerField(_("hours a week available"))
    statement = models.TextField(_("statement"), max_length=2000)
    consented_at = models.DateTimeField(_("consented to the privacy policy at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    # Set when the retention period or a deletion request removed the personal data;
    # the row stays so that counts per programme and region remain true.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    # What the applicant enters, in form order: the form stores these and the
    # exports read them.
    APPLICANT_FIELDS = (
        "name",
        "name_kana",
        "email",
        "prefecture",
        "occupation",
        "age_band",
        "layer2_completed",
        "weekly_hours",
        "statement",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "recruitment_round", name="one_application_per_email_and_round"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.recruitment_round}）"

    def choice_titles(self):
        return "、".join(choice.programme.title for choice in self.choices.all())


class ApplicationChoice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    programme = models.ForeignKey(
        "quest.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="application_choices",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("choice")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="one_choice_per_rank"),
            models.UniqueConstraint(
                fields=["application", "programme"], name="one_rank_per_programme"
            ),
        ]

    def __str__(self):
        return f"{self.rank}: {self.programme}"


class CompanyIntake(models.Model):
    """A company that wants to take part in the regional collaboration programme (参加候補企業)."""

    class DXStage(models.TextChoices):
        CONCEPT_DESIGN = "pattern1", _("Pattern 1: concept and design")
        DESIGN_VALIDATION = "pattern2", _("Pattern 2: design and validation")
        DX_VISION = "pattern3", _("Pattern 3: DX vision")

    company_name = models.CharField(_("company name"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30)
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    dx_stage = models.CharField(_("DX stage"), max_length=20, choices=DXStage.choices)
    challenge = models.TextField(_("the challenge you want to work on"), max_length=2000)
    consented_at = models.DateTimeField(_("consented to the privacy policy at"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company intake")
        verbose_name_plural = _("company intakes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.company_name


class ExportLog(models.Model):
    """Every export of personal data: who, when, with which filter, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    model = models.CharField(_("data"), max_length=100)
    export_format = models.CharField(_("format"), max_length=10)
    filters = models.TextField(_("filter"), blank=True)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.model} {self.created_at:%Y-%m-%d %H:%M}"
