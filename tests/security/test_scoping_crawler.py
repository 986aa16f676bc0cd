"""The admin and API crawler: no route shows a partner or an operator anyone else's data.

Every admin and API route is taken from Django's URL resolver, so a view
added later is crawled without anyone listing it here. Each route that takes
an object id gets the *other* party's ids; the bulk-action route gets every
scoped model with ``?id=all``; routes without parameters (listings, reports,
choosers, exports) are opened as they are. A partner and an operator each
crawl, and no response may contain the other parties' titles, names or
e-mail addresses.

All of the other parties' objects share one primary key (``THEIRS``), so a
single request per route reaches "their" object whatever model the route is
about; pages, revisions and workflow states have their own ids.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets import viewsets
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import APIToken, Collection, CollectionViewRestriction
from wagtail_factories import DocumentFactory, ImageFactory

from catalogue.models import ChangeNotice, ListingAction, PerformanceReport
from catalogue.permissions import SECRETARIAT_GROUP
from manabi.permission_policies import ScopedPermissionPolicy, scoped_policies
from quest.models import Application, ApplicationChoice, CompanyIntake, ExportLog
from quest.services import sync_operator_permissions
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    UserFactory,
)
from tests.community.factories import CohortFactory, CompletionFactory, MemberFactory
from tests.quest.factories import (
    OperatorFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    QuestHomePageFactory,
    RecruitmentRoundFactory,
)

pytestmark = pytest.mark.django_db

THEIRS = 987_654

# What only the other parties (and the secretariat) may see.
SECRETS = [
    "秘密商事株式会社",  # partner B
    "secret-contact@rival.example.jp",
    "他社の審査中講座",  # partner B's course under review
    "他社の改訂案",  # its newer draft revision
    "他社の実績コメント",  # partner B's report
    "他社の変更届",  # partner B's change notice
    "他社への停止理由",  # a listing action on partner B's course
    "九州応募者",  # operator Y's applicant
    "kyushu-applicant@example.jp",
    "秘密の参加企業",  # company intake (secretariat only)
    "事務局限定資料",  # document in a restricted collection
    "事務局限定画像",  # image in a restricted collection
    "secretariat-exporter",  # the export log's user
    "秘密の修了者",  # a community member (secretariat only)
    "secret-member@example.jp",
]

# Routes that end the session or need a one-time token: they take no object id.
SKIPPED_ROUTES = re.compile(r"(logout|password_reset|login|failwhale|^api/v3/docs|openapi)")


@pytest.fixture
def world(site):
    """Partner A and operator X crawl; partner B, operator Y and the secretariat own the secrets."""
    now = timezone.now()
    secretariat = SecretariatUserFactory(username="secretariat-exporter")

    mine = PartnerFactory(name="自社株式会社")
    CourseFactory(partner=mine, title="自社の講座")
    partner_user = PartnerUserFactory(partner=mine)

    theirs = PartnerFactory(
        pk=THEIRS, name="秘密商事株式会社", contact_email="secret-contact@rival.example.jp"
    )
    PartnerUserFactory(partner=theirs, email="secret-contact@rival.example.jp")
    course = CourseFactory(pk=THEIRS, partner=theirs, title="他社の審査中講座")
    course.save_revision()
    course.get_workflow().start(course, secretariat)
    course.title = "他社の改訂案"
    course.save_revision()
    PerformanceReport.objects.create(
        pk=THEIRS,
        course=course,
        period_start=now.date(),
        period_end=now.date(),
        comments="他社の実績コメント",
    )
    ChangeNotice.objects.create(
        pk=THEIRS,
        course=course,
        kind="change",
        effective_date=now.date(),
        description="他社の変更届",
    )
    ListingAction.objects.create(
        pk=THEIRS, course=course, action="suspend", reason_category="a", reason="他社への停止理由"
    )

    round_ = RecruitmentRoundFactory()
    programmes = ProgrammeIndexPageFactory(parent=QuestHomePageFactory(parent=site.root_page))
    operator_user = UserFactory()
    my_operator, their_operator = OperatorFactory(), OperatorFactory()
    my_operator.users.add(operator_user)
    my_page = ProgrammePageFactory(
        parent=programmes, operator=my_operator, recruitment_round=round_
    )
    their_page = ProgrammePageFactory(
        parent=programmes, operator=their_operator, recruitment_round=round_
    )
    sync_operator_permissions(my_operator)
    sync_operator_permissions(their_operator)
    applicant(round_, my_page, "北海道応募者", "hokkaido@example.jp")
    theirs_applied = applicant(
        round_, their_page, "九州応募者", "kyushu-applicant@example.jp", pk=THEIRS
    )
    # History entries, as the secretariat's edits leave them: site history and history views show them.
    log(theirs_applied, "wagtail.edit", user=secretariat)
    CompanyIntake.objects.create(
        pk=THEIRS,
        company_name="秘密の参加企業",
        contact_name="担当",
        email="intake@example.jp",
        phone="03-0000-0000",
        prefecture="13",
        dx_stage="pattern1",
        challenge="-",
        consented_at=now,
    )
    ExportLog.objects.create(
        pk=THEIRS, user=secretariat, model="quest.Application", export_format="csv", row_count=1
    )

    restricted = Collection.get_first_root_node().add_child(name="事務局限定")
    restriction = CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    DocumentFactory(pk=THEIRS, title="事務局限定資料", collection=restricted)
    ImageFactory(pk=THEIRS, title="事務局限定画像", collection=restricted)
    # The completers' community: members' personal data is the secretariat's only.
    CompletionFactory(
        member=MemberFactory(pk=THEIRS, name="秘密の修了者", email="secret-member@example.jp"),
        cohort=CohortFactory(pk=THEIRS),
    )

    course.refresh_from_db()
    revisions = list(course.revisions.order_by("pk").values_list("pk", flat=True))
    workflow_state = course.current_workflow_state
    return {
        "partner": partner_user,
        "operator": operator_user,
        "ids": {
            "page": [their_page.pk],
            "revision": revisions,
            "task_state": [course.current_workflow_task_state.pk],
            "task": [course.current_workflow_task.pk],
            "workflow_state": [workflow_state.pk],
        },
    }


def applicant(round_, programme, name, email, pk=None):
    application = Application.objects.create(
        pk=pk,
        recruitment_round=round_,
        name=name,
        name_kana="テスト",
        email=email,
        prefecture="13",
        occupation="employee",
        age_band="30s",
        weekly_hours=8,
        statement="-",
        consented_at=timezone.now(),
    )
    ApplicationChoice.objects.create(application=application, programme=programme, rank=1)
    return application


# ---------------------------------------------------------------------------- the crawl


def admin_and_api_routes():
    """(route, name, parameter names) of every admin and API URL pattern, from the resolver."""

    def walk(resolver, prefix="", namespaces=()):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                yield from walk(pattern, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), ":".join((*namespaces, pattern.name or ""))

    seen = set()
    for route, name in walk(get_resolver()):
        if not route.startswith(("admin/", "api/")) or SKIPPED_ROUTES.search(route):
            continue
        if route not in seen:
            seen.add(route)
            yield route, name


PARAMETER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def values_for(parameter, ids):
    """The other party's values for one URL parameter, chosen by the parameter's name."""
    named = {
        "revision_id": ids["revision"][-1:],
        "revision_id_a": ids["revision"][:1],
        "revision_id_b": ids["revision"][-1:],
        "task_state_id": ids["task_state"],
        "task_id": ids["task"],
        "workflow_state_id": ids["workflow_state"],
        "page_id": ids["page"],
        "parent_page_id": ids["page"],
        "action_name": ["approve"],
        "action": ["suspend"],
        "filter_spec": ["original"],
        "type": [policy.model._meta.label_lower for policy in scoped_policies()],
    }
    return [str(value) for value in named.get(parameter, [THEIRS])]


def as_path(route):
    return "/" + route.replace("^", "").replace("$", "").replace("\\.", ".")


def expand(route, ids):
    """Concrete paths for a route: every combination of the other party's values."""
    paths = [as_path(route)]
    for match in PARAMETER.finditer(route):
        name = match.group("name") or match.group("rname")
        candidates = values_for(name, ids)
        paths = [path.replace(match.group(0), value, 1) for path in paths for value in candidates]
    return paths


def bulk_paths():
    """Every registered bulk action of a scoped model, documents, images and pages: ``?id=all`` and ``?id=THEIRS``."""
    models = [
        *(policy.model for policy in scoped_policies()),
        get_document_model(),
        get_image_model(),
    ]
    paths = []
    for model in models:
        opts = model._meta
        for action in bulk_action_registry.get_bulk_actions_for_model(
            opts.app_label, opts.model_name
        ):
            base = f"/admin/bulk/{opts.app_label}/{opts.model_name}/{action.action_type}/"
            paths += [f"{base}?id=all", f"{base}?id={THEIRS}"]
    return paths


def models_by_namespace():
    """The model behind each admin viewset's URL namespace."""
    found = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is not None and getattr(viewset, "name", None):
            found[viewset.url_namespace] = resolve_model_string(model)
    return found


def crawl_paths(ids, only=None):
    """Every path to request: id routes with the other party's ids, listings, bulk actions."""
    models = models_by_namespace()
    paths = []
    for route, name in admin_and_api_routes():
        if route.startswith("admin/bulk/"):
            continue
        if only is not None and not only.search(route):
            continue
        if PARAMETER.search(route):
            model = models.get(name.rpartition(":")[0].rpartition(":")[2])
            if model is not None and not model._default_manager.filter(pk=THEIRS).exists():
                continue  # nobody else owns an object of this model: its id views can only 404
            paths += expand(route, ids)
        else:
            path = as_path(route)
            paths.append(path)
            if name.endswith((":index", ":list")):
                paths.append(path + "?export=csv")
    return [*paths, *bulk_paths()]


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def leaks(client, user, paths):
    """(path, status, secrets shown) for every response that shows a secret or fails with a 500.

    Admin paths go with the user's session, API paths with an API token of the same user.
    """
    client.force_login(user)
    client.raise_request_exception = False
    _token, plaintext = APIToken.create_token(user=user, name="crawler")
    api_auth = {"authorization": f"Bearer {plaintext}"}
    found = []
    for path in paths:
        response = client.get(path, headers=api_auth if path.startswith("/api/") else None)
        text = body(response)
        shown = [secret for secret in SECRETS if secret in text]
        if shown or response.status_code >= 500:
            found.append((path, response.status_code, shown))
    return found


# ---------------------------------------------------------------------------- the tests


def test_no_admin_or_api_route_shows_another_partys_data(client, world):
    paths = crawl_paths(world["ids"])
    assert len(paths) > 250  # the resolver really was walked
    for role in ("partner", "operator"):
        found = leaks(client, world[role], paths)
        assert found == [], (
            role + ":\n" + "\n".join(f"{p} ({s}): {', '.join(shown)}" for p, s, shown in found)
        )


def test_the_crawler_catches_a_leak_when_the_policies_are_switched_off(client, world, monkeypatch):
    monkeypatch.setattr(ScopedPermissionPolicy, "enabled", False)
    only = re.compile(r"snippets/catalogue/(course|partner)/|quest_applications/|reports/")
    found = leaks(client, world["partner"], crawl_paths(world["ids"], only=only))
    leaked_paths = {path for path, _status, _shown in found}
    assert any(path.startswith("/admin/bulk/catalogue/course/") for path in leaked_paths)
    assert any("/history/" in path for path in leaked_paths)
    assert any(path.startswith("/admin/reports/") for path in leaked_paths)
