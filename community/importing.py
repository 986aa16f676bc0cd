"""Import of past member lists with django-import-export's Resource core.

The file is decoded (UTF-8 with or without BOM, else Shift_JIS/CP932 as written by
Japanese Excel), loaded into a tablib Dataset and run through ``MemberResource``:
a dry run inside a transaction that is rolled back, or the real import. Members
are matched by lower-cased e-mail, so a repeated address in the file or in a
later file updates one member instead of making two, and a row that would change
nothing is reported as unchanged.
"""

import datetime
from zoneinfo import ZoneInfo

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from manabi.prefectures import Prefecture

from .models import Cohort, Completion, Member, MemberImport

ENCODINGS = ("utf-8-sig", "cp932")
PROGRESS_EVERY = 50
JST = ZoneInfo("Asia/Tokyo")

# The CSV headers, as the secretariat's past lists name them.
COLUMNS = {
    "name": "氏名",
    "name_kana": "ふりがな",
    "email": "メールアドレス",
    "prefecture": "都道府県",
    "affiliation": "所属",
    "cohorts": "修了コホート",
    "completed_on": "修了日",
    "consent_given_at": "同意日",
    "policy_version": "プライバシーポリシー版",
}
COHORT_SEPARATORS = ("、", ";", "|", "\n")


class ImportFileError(ValueError):
    """The file cannot be read at all (encoding, no header); the message is Japanese."""


def decode_upload(data: bytes):
    """Return (text, encoding name) trying UTF-8 (BOM or not), then CP932 (a superset of Shift_JIS)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), ("shift_jis" if encoding == "cp932" else "utf-8")
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The file is neither UTF-8 nor Shift_JIS. Save it as CSV (UTF-8) and try again.")
    )


def load_dataset(text):
    dataset = tablib.Dataset()
    try:
        dataset.load(text, format="csv")
    except Exception as exc:
        raise ImportFileError(_("The file could not be read as CSV.")) from exc
    headers = [(h or "").strip() for h in (dataset.headers or [])]
    missing = [COLUMNS[key] for key in ("name", "email") if COLUMNS[key] not in headers]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s") % {"columns": "、".join(missing)}
        )
    dataset.headers = headers
    return dataset


class OptionalTextWidget(widgets.CharWidget):
    """A blank cell means 'not in this list', so it never erases what is stored."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
        return value or None


class PrefectureWidget(widgets.Widget):
    """Prefecture by name (東京都) or JIS code (13)."""

    by_name = {label: code for code, label in Prefecture.choices}

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        if value in self.by_name:
            return self.by_name[value]
        if value.zfill(2) in dict(Prefecture.choices):
            return value.zfill(2)
        raise ValueError(_("Unknown prefecture “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return dict(Prefecture.choices).get(value, "")


class JapaneseDateWidget(widgets.Widget):
    formats = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日")

    def parse(self, value):
        value = (value or "").strip()
        if not value:
            return None
        for fmt in self.formats:
            try:
                return datetime.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date (write it as 2024-03-31 or 2024/03/31).")
            % {"value": value}
        )

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)


class ConsentDateWidget(JapaneseDateWidget):
    """A consent date from a past list becomes midnight Japan time on that day."""

    def clean(self, value, row=None, **kwargs):
        day = self.parse(value)
        return None if day is None else datetime.datetime.combine(day, datetime.time(), tzinfo=JST)


class MemberResource(resources.ModelResource):
    """One row = one member; the cohorts column adds completions (never removes any)."""

    name = fields.Field(attribute="name", column_name=COLUMNS["name"])
    name_kana = fields.Field(
        attribute="name_kana",
        column_name=COLUMNS["name_kana"],
        widget=OptionalTextWidget(),
        saves_null_values=False,
    )
    email = fields.Field(attribute="email", column_name=COLUMNS["email"])
    prefecture = fields.Field(
        attribute="prefecture",
        column_name=COLUMNS["prefecture"],
        widget=PrefectureWidget(),
        saves_null_values=False,
    )
    affiliation = fields.Field(
        attribute="affiliation",
        column_name=COLUMNS["affiliation"],
        widget=OptionalTextWidget(),
        saves_null_values=False,
    )
    consent_given_at = fields.Field(
        attribute="consent_given_at",
        column_name=COLUMNS["consent_given_at"],
        widget=ConsentDateWidget(),
        saves_null_values=False,
    )
    policy_version = fields.Field(
        attribute="policy_version",
        column_name=COLUMNS["policy_version"],
        widget=OptionalTextWidget(),
        saves_null_values=False,
    )

    class Meta:
        model = Member
        fields = (
            "name",
            "name_kana",
            "email",
            "prefecture",
            "affiliation",
            "consent_given_at",
            "policy_version",
        )
        import_id_fields = ("email",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_diff = True

    def __init__(self, progress_key=None):
        super().__init__()
        self.progress_key = progress_key
        self.cohorts = {cohort.name: cohort for cohort in Cohort.objects.all()}

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            if isinstance(value, str):
                row[key] = value.strip()
        row[COLUMNS["email"]] = (row.get(COLUMNS["email"]) or "").lower()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        instance._import_cohorts = []
        instance._import_completed_on = None
        names = row.get(COLUMNS["cohorts"]) or ""
        for separator in COHORT_SEPARATORS[1:]:
            names = names.replace(separator, COHORT_SEPARATORS[0])
        for cohort_name in filter(None, (n.strip() for n in names.split(COHORT_SEPARATORS[0]))):
            cohort = self.cohorts.get(cohort_name)
            if cohort is None:
                errors.setdefault("cohorts", []).append(
                    _("Unknown cohort “%(name)s”: create it first.") % {"name": cohort_name}
                )
            else:
                instance._import_cohorts.append(cohort)
        try:
            instance._import_completed_on = JapaneseDateWidget().clean(
                row.get(COLUMNS["completed_on"])
            )
        except ValueError as exc:
            errors.setdefault("completed_on", []).append(str(exc))
        if errors:
            raise ValidationError(errors)

    def missing_completions(self, instance):
        if instance.pk is None:
            return list(instance._import_cohorts)
        have = set(instance.completions.values_list("cohort_id", flat=True))
        return [c for c in instance._import_cohorts if c.pk not in have]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        stored = Member.objects.get(pk=instance.pk)
        unchanged = all(
            getattr(stored, field) == getattr(instance, field) for field in self._meta.fields
        )
        return unchanged and not self.missing_completions(instance)

    def after_save_instance(self, instance, row, **kwargs):
        for cohort in self.missing_completions(instance):
            Completion.objects.create(
                member=instance, cohort=cohort, completed_on=instance._import_completed_on
            )

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number", 0)
        if self.progress_key and number % PROGRESS_EVERY == 0:
            cache.set(self.progress_key, number, 3600)


ACTION_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "create",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_INVALID: "refused",
    RowResult.IMPORT_TYPE_ERROR: "refused",
}

FIELD_LABELS = {**COLUMNS, "cohorts": COLUMNS["cohorts"], "__all__": ""}


def describe_errors(row_result):
    """Japanese reasons for a refused row: '列名: message' for each field."""
    reasons = []
    if row_result.validation_error is not None:
        for field, messages in row_result.validation_error.message_dict.items():
            if field == "email" and any("既に存在" in m or "already exists" in m for m in messages):
                messages = [_("This e-mail address is already registered.")]
            label = FIELD_LABELS.get(field, field)
            for message in messages:
                reasons.append(f"{label}: {message}" if label else message)
    for error in row_result.errors:
        reasons.append(_("The row could not be stored: %(error)s") % {"error": error.error})
    return reasons


def progress_key(job_id):
    return f"community:member-import:{job_id}"


def run_member_import(job: MemberImport):
    """Run ``job`` (dry run or real) and store the per-row report; returns the job."""
    with translation.override(settings.LANGUAGE_CODE):
        job.status = MemberImport.Status.RUNNING
        job.save(update_fields=["status"])
        dataset = load_dataset(job.content)
        job.total_rows = len(dataset)
        job.save(update_fields=["total_rows"])
        resource = MemberResource(progress_key=progress_key(job.pk))
        result = resource.import_data(
            dataset,
            dry_run=job.dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=False,
        )
        report = []
        email_column = COLUMNS["email"]
        name_column = COLUMNS["name"]
        for index, (row_result, data_row) in enumerate(
            zip(result.rows, dataset, strict=True), start=1
        ):
            row = dict(zip(dataset.headers, data_row, strict=False))
            report.append(
                {
                    "line": index + 1,  # the header is line 1 of the file
                    "action": ACTION_LABELS.get(row_result.import_type, "refused"),
                    "name": (row.get(name_column) or "").strip(),
                    "email": (row.get(email_column) or "").strip().lower(),
                    "reasons": describe_errors(row_result),
                }
            )
        totals = {}
        for entry in report:
            totals[entry["action"]] = totals.get(entry["action"], 0) + 1
        job.report = report
        job.totals = totals
        job.processed_rows = len(report)
        job.status = MemberImport.Status.DONE
        job.save(update_fields=["report", "totals", "processed_rows", "status"])
        cache.delete(progress_key(job.pk))
        return job


def create_import(data: bytes, file_name, *, user=None, dry_run=True):
    """Decode and check an upload, then store it as a job (raises ImportFileError)."""
    text, encoding = decode_upload(data)
    dataset = load_dataset(text)
    return MemberImport.objects.create(
        file_name=file_name[:255],
        content=text,
        encoding=encoding,
        dry_run=dry_run,
        total_rows=len(dataset),
        created_by=user,
    )


def import_progress(job):
    """Rows processed so far: from the cache while running, from the job when done."""
    if job.status == MemberImport.Status.DONE:
        return job.processed_rows
    return cache.get(progress_key(job.pk), 0)
