"""The users of `make loadtest` (scripts/loadtest.py starts Locust with this file).

Readers ask the archive's pages one after the other, with no pause: searches of
several kinds, the home, year, month, day, source and article pages, and the feeds,
all chosen by loadtest.py from the archive's own words, dates, sources and ids. One
editor is logged in to the admin and changes article titles through its change form.

loadtest.py hands over the plan as a JSON file named by LOADTEST_PLAN, and reads
back every request and every edit from the file named by LOADTEST_RECORD, written
when the test stops.
"""

import json
import os
import random
import time
from pathlib import Path

import lxml.html
from locust import FastHttpUser, constant, events, task

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
# Generous, so that only a hung request counts as a timeout.
TIMEOUT_SECONDS = 30
answered, edits = [], []


@events.request.add_listener
def record_request(name, response_time, exception, start_time, response=None, **kwargs):
    status = getattr(response, "status_code", None) or None
    answered.append(
        {
            "kind": name,
            "ms": response_time,
            "start": start_time,
            "status": status,
            "error": None if exception is None else f"{type(exception).__name__}: {exception}",
        }
    )


@events.test_stop.add_listener
def write_record(**kwargs):
    with open(os.environ["LOADTEST_RECORD"], "w", encoding="utf-8") as f:
        json.dump({"requests": answered, "edits": edits}, f)


class Reader(FastHttpUser):
    """Someone reading and searching the archive, as fast as the server answers."""

    wait_time = constant(0)
    network_timeout = connection_timeout = TIMEOUT_SECONDS

    def page(self, kind, paths):
        # Redirects are not followed: every path asked is a page of its own.
        self.client.get(random.choice(paths), name=kind, allow_redirects=False)

    @task(8)
    def search(self):
        kind = random.choice(list(PLAN["search"]))
        self.page(f"search: {kind}", PLAN["search"][kind])

    @task(7)
    def browse(self):
        kind = random.choice(list(PLAN["browse"]))
        self.page(kind, PLAN["browse"][kind])

    @task(1)
    def feed(self):
        kind = random.choice(list(PLAN["feeds"]))
        self.page(kind, PLAN["feeds"][kind])


class Editor(FastHttpUser):
    """An editor correcting titles in the admin: each edit a new title for one of a few articles."""

    fixed_count = 1
    wait_time = constant(0.5)
    network_timeout = connection_timeout = TIMEOUT_SECONDS

    def on_start(self):
        self.number = 0
        login = PLAN["editor"]
        page = self.client.get("/admin/login/", name="admin: login form")
        fields = form_fields(page.text, "login-form")
        fields.update(username=login["username"], password=login["password"])
        with self.client.post(
            "/admin/login/?next=/admin/",
            data=fields,
            name="admin: log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not logged in (status {response.status_code})")

    @task
    def edit_title(self):
        self.number += 1
        pk = PLAN["editor"]["articles"][self.number % len(PLAN["editor"]["articles"])]
        url = f"/admin/archive/article/{pk}/change/"
        page = self.client.get(url, name="admin: change form")
        if page.status_code != 200:
            return
        fields = form_fields(page.text, "article_form")
        title = f"{PLAN['editor']['title']} {pk} edit {self.number}"
        fields["title"] = title
        edit = {"pk": pk, "title": title, "sent": time.time(), "saved": False, "status": None}
        edits.append(edit)
        with self.client.post(
            url,
            data=fields,
            name="admin: save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            edit["status"] = response.status_code
            # The admin answers a saved change with a redirect, a refused one with the form again.
            if response.status_code == 302:
                edit["saved"] = True
            else:
                response.failure(f"not saved (status {response.status_code})")


def form_fields(html, form_id):
    """Return what the browser would submit of the form `form_id` on the page, as a dict."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    return dict(form.form_values())
