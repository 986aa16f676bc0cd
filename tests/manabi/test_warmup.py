"""The web master warms up before forking its workers (deploy/gunicorn.conf.py, site/warmup.py)."""

import importlib.util
from pathlib import Path

from django.template import engines
from django.utils import translation

from manabi import warmup

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_compiles_the_public_templates_without_touching_the_database():
    # No django_db mark: a query (a connection the forked workers would share) fails this test.
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    warmup.warm_up()
    cached = {key for key in loader.get_template_cache}
    for name in warmup.PUBLIC_TEMPLATES:
        assert any(name in str(key) for key in cached), f"{name} was not compiled"
    with translation.override("ja"):
        assert translation.gettext("Course search") != "Course search"


def test_gunicorn_preloads_the_application_and_warms_it_up_before_forking():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "deploy/gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.preload_app is True
    assert conf.workers >= 1
    conf.when_ready(server=None)  # runs the warm-up; no database either
