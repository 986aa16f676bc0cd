"""`make run`'s embedded default: SQLite and the database search backend, demo content included.

The rest of the suite runs on PostgreSQL, so a PostgreSQL-only query (an array subquery, say)
would pass every other test and still break the quick start; this test runs the quick start's
settings in a subprocess on a fresh SQLite file and asks for what a first visitor opens.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

VISIT = """
import json
from django.test import Client
client = Client(raise_request_exception=False)
urls = [
    "/", "/courses/", "/courses/?q=ＡＩ", "/quest/", "/admin/login/", "/healthz",
    "/api/v3/courses/", "/api/v3/courses/search/?q=AI&level=2", "/api/v3/partners/",
    "/api/v3/pages/", "/api/v3/courses/removed/?since=2020-01-01T00:00:00Z",
]
answers = {url: client.get(url, HTTP_HOST="localhost") for url in urls}
items = answers["/api/v3/courses/"].json().get("items") or [{}]
print(json.dumps({
    "statuses": {url: r.status_code for url, r in answers.items()},
    "first_course_has_codes": bool(items[0].get("standards")),
    "ai_hits": answers["/api/v3/courses/search/?q=AI&level=2"].json().get("count"),
}))
"""


def run(args, var_dir):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "SEARCH_BACKEND", "CACHE_URL", "REDIS_URL"))
    }
    env.update(DJANGO_SETTINGS_MODULE="manabi.settings.dev", MANABI_VAR_DIR=str(var_dir))
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_the_quick_start_serves_its_demo_on_sqlite(tmp_path):
    run(["migrate", "--noinput", "-v0"], tmp_path)
    run(["load_demo", "--courses", "60", "--no-superuser"], tmp_path)
    assert (tmp_path / "db.sqlite3").exists()
    report = json.loads(run(["shell", "-c", VISIT], tmp_path).strip().splitlines()[-1])
    assert report["statuses"] == dict.fromkeys(report["statuses"], 200), report["statuses"]
    assert report["first_course_has_codes"]
    assert (report["ai_hits"] or 0) > 0
