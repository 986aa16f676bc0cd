"""The open catalogue: every listed course as CSV and JSON under the government standard
terms of use (政府標準利用規約 第2.0版, compatible with CC BY 4.0), written nightly by
``manage.py export_open_data`` and served from /opendata/."""

import csv
import datetime
import io
import json
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import Course

logger = logging.getLogger(__name__)

LICENSE_NAME = "政府標準利用規約（第2.0版）"
LICENSE_NOTE = "政府標準利用規約（第2.0版）に準拠。クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）と互換性があります。"
LICENSE_URL = "https://www.digital.go.jp/resources/open_data/public_data_license_v2.0"
ATTRIBUTION = "出典：マナビDX 講座カタログ"
FILES = {"csv": "courses.csv", "json": "courses.json"}

COLUMNS = [
    ("id", "講座ID"),
    ("title", "講座名"),
    ("summary", "概要"),
    ("provider", "講座提供事業者"),
    ("level", "レベル"),
    ("course_type", "講座区分"),
    ("fee_type", "費用区分"),
    ("fee_yen", "受講料（円・税込）"),
    ("study_hours", "標準学習時間（時間）"),
    ("delivery", "実施形態"),
    ("venue_prefecture", "開催都道府県"),
    ("individual_application", "個人申込可"),
    ("roles", "DX推進スキル標準ロール"),
    ("skill_categories", "スキルカテゴリー"),
    ("subsidies", "給付金・認定"),
    ("course_url", "講座URL"),
    ("page_url", "マナビDX掲載ページ"),
    ("listed_from", "掲載開始日"),
    ("listed_until", "掲載終了日"),
]


def directory():
    return Path(settings.OPEN_DATA_DIR)


def course_rows(base_url):
    courses = (
        Course.objects.listed()
        .select_related("partner")
        .prefetch_related("roles", "skill_categories", "subsidies")
        .order_by("pk")
    )
    for course in courses.iterator(chunk_size=500):
        yield {
            "id": course.pk,
            "title": course.title,
            "summary": course.summary,
            "provider": course.partner.name,
            "level": course.level,
            "course_type": str(course.get_course_type_display()),
            "fee_type": str(course.get_fee_type_display()),
            "fee_yen": course.fee_yen,
            "study_hours": float(course.study_hours),
            "delivery": str(course.get_delivery_display()),
            "venue_prefecture": course.get_venue_prefecture_display()
            if course.venue_prefecture
            else "",
            "individual_application": course.individual_application,
            "roles": [r.name for r in course.roles.all()],
            "skill_categories": [c.name for c in course.skill_categories.all()],
            "subsidies": [s.name for s in course.subsidies.all()],
            "course_url": course.url,
            "page_url": base_url.rstrip("/") + course.get_absolute_url(),
            "listed_from": course.listed_from.isoformat() if course.listed_from else "",
            "listed_until": course.listed_until.isoformat() if course.listed_until else "",
        }


def _write_atomically(path, text, encoding):
    # Readers never see a half-written file: write beside it, then rename.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def export_open_data(base_url, now=None):
    """Write courses.csv (UTF-8 with BOM, for spreadsheet software) and courses.json."""
    now = now or timezone.now()
    rows = list(course_rows(base_url))
    target = directory()
    target.mkdir(parents=True, exist_ok=True)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _key, label in COLUMNS])
    for row in rows:
        writer.writerow(
            [
                "、".join(row[key]) if isinstance(row[key], list) else row[key]
                for key, _label in COLUMNS
            ]
        )
    _write_atomically(target / FILES["csv"], buffer.getvalue(), "utf-8-sig")

    document = {
        "title": "マナビDX 講座カタログ",
        "generated_at": now.isoformat(),
        "license": {"name": LICENSE_NAME, "url": LICENSE_URL, "note": LICENSE_NOTE},
        "attribution": ATTRIBUTION,
        "fields": dict(COLUMNS),
        "count": len(rows),
        "courses": rows,
    }
    _write_atomically(
        target / FILES["json"], json.dumps(document, ensure_ascii=False, indent=1), "utf-8"
    )
    logger.info("open data: %s courses written to %s", len(rows), target)
    return len(rows)


def file_info():
    """Each download with its size and time, or None when not generated yet."""
    info = {}
    for kind, name in FILES.items():
        path = directory() / name
        if path.exists():
            stat = path.stat()
            info[kind] = {
                "name": name,
                "size": stat.st_size,
                "generated_at": datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC),
            }
        else:
            info[kind] = None
    return info
