"""A realistic mix for the production shape (`make bench`, via `manage.py bench_load`).

Learners search with many different words and facet combinations and open course
pages; other sites read the API; applicants read Quest pages and a few apply.
The URLs come from the database under test (``LOAD_URLS``, a JSON file written by
bench_load), so every request hits something that exists.
"""

import json
import os
import random
import re

from locust import FastHttpUser, between, task

URLS = json.loads(open(os.environ["LOAD_URLS"], encoding="utf-8").read())  # noqa: SIM115
rng = random.Random(2026)


# How often a search ticks each facet (the ones on top of the learner page more often).
FACET_SHARE = {"level": 0.25, "fee_type": 0.15, "study_time": 0.15, "delivery": 0.15}


def search_query():
    params = {}
    if rng.random() < 0.8:
        params["q"] = " ".join(rng.sample(URLS["words"], k=rng.choice([1, 1, 2])))
    # Learners tick a facet value or two: each facet is chosen now and then, so the mix holds
    # many distinct combinations (a chosen level, a prefecture and a subsidy, ...).
    for facet, values in URLS["facets"].items():
        if values and rng.random() < FACET_SHARE.get(facet, 0.08):
            params[facet] = rng.choice(values)
    if rng.random() < 0.2:
        params["page"] = rng.choice([2, 3])
    return params


class Learner(FastHttpUser):
    weight = 6
    wait_time = between(0, 0.2)

    @task(5)
    def search_page(self):
        self.client.get("/courses/", params=search_query(), name="/courses/ (search)")

    @task(3)
    def course_page(self):
        self.client.get(rng.choice(URLS["courses"]), name="/courses/<id>/")

    @task(1)
    def home(self):
        self.client.get("/", name="/")


class ConsumingSite(FastHttpUser):
    weight = 3
    wait_time = between(0, 0.2)

    @task(3)
    def search_api(self):
        self.client.get(
            "/api/v3/courses/search/", params=search_query(), name="/api/v3/courses/search/"
        )

    @task(2)
    def course_list(self):
        params = {"page": rng.randint(1, 5)}
        if rng.random() < 0.5:
            level = rng.choice(URLS["facets"].get("level") or ["2"])  # a column filter
            params["level"] = level
        self.client.get("/api/v3/courses/", params=params, name="/api/v3/courses/")

    @task(1)
    def pages_api(self):
        self.client.get("/api/v3/pages/", name="/api/v3/pages/")


class Applicant(FastHttpUser):
    weight = 1
    wait_time = between(0.2, 1)

    @task(8)
    def quest_page(self):
        self.client.get(rng.choice(URLS["quest"]), name="/quest/<page>/")

    @task(1)
    def apply(self):
        form = self.client.get("/quest/apply/", name="/quest/apply/ (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        if not token or not URLS.get("application"):
            return
        data = {**URLS["application"], "csrfmiddlewaretoken": token.group(1)}
        data["email"] = f"load-{rng.randrange(10**9)}@example.jp"
        with self.client.post(
            "/quest/apply/",
            data=data,
            headers={"Referer": self.host + "/quest/apply/"},
            name="/quest/apply/ (submit)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 302 = accepted; 429 = the per-address limit (every locust user shares one address).
            if response.status_code in (302, 429):
                response.success()
            else:
                response.failure(f"application not accepted: {response.status_code}")
