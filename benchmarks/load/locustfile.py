"""Load scenario: counsellors, referents, pilotage and the CCI using the extranet at once.

Each simulated person has a session prepared by prepare.py (no login form: see there), thinks 1 to 3
seconds between pages (LOAD_THINK: "1-3" by default, "0" to send the next request at once, which
measures the throughput at saturation), reads the pages of their persona and now and then writes — a
forum reply, an event registration, a file upload — through the real forms, with the CSRF token of
the form's page and the HTTPS origin a browser behind the load balancer would send. A write counts as
a failure unless the site answers with its redirect (the form accepted).

Each write carries a marker of its own (in the reply's text, the upload's title). With LOAD_ACK_LOG
set, every write the site acknowledged is appended to that file as a JSON line — what, which marker
or which (event, person), when — for the fault drill (faults.py) to look for in the database.
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, constant, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
SITE = os.environ.get("LOAD_SITE", "extranet.example.org")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
NO_ATTACHMENT = {
    "attachment-TOTAL_FORMS": "0",
    "attachment-INITIAL_FORMS": "0",
    "attachment-MIN_NUM_FORMS": "0",
    "attachment-MAX_NUM_FORMS": "15",
}
_sessions = {persona: itertools.cycle(keys) for persona, keys in PLAN["sessions"].items()}
ACK_LOG = os.environ.get("LOAD_ACK_LOG")


def think_time():
    """Seconds between two requests of a person: LOAD_THINK, "1-3" (a range) or "0" (none)."""
    low, _, high = os.environ.get("LOAD_THINK", "1-3").partition("-")
    return between(float(low), float(high or low)) if float(high or low) else constant(0)


def acknowledged(record: dict) -> None:
    if ACK_LOG:
        with open(ACK_LOG, "a") as log:  # one line, one write: a crash never leaves half a record
            log.write(json.dumps({**record, "at": time.time()}) + "\n")


def marker() -> str:
    return f"charge-{uuid.uuid4().hex[:16]}"


class Member(HttpUser):
    abstract = True
    wait_time = think_time()
    persona = ""

    def on_start(self):
        self.session_key = next(_sessions[self.persona])
        self.cookies = {"sessionid": self.session_key}

    def _headers(self, path: str = "") -> dict[str, str]:
        headers = {
            "Host": SITE,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if path:
            headers |= {"Referer": f"https://{SITE}{path}", "Origin": f"https://{SITE}"}
        return headers

    def page(self, path: str, name: str):
        with self.client.get(
            path, headers=self._headers(), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            self.cookies.update(response.cookies.get_dict())
            return response

    def reply(self, text: str):
        topic, reply = random.choice(PLAN["topics"])
        mark = marker()
        fields = {"subject": "Re", "content": f"{text} ({mark})", **NO_ATTACHMENT}
        self.submit(reply, reply, fields, "forum : réponse", ack={"kind": "reply", "marker": mark})

    def submit(self, form_page: str, action: str, fields: dict, name: str, files=None, ack=None):
        """Fetch the form's page for its token, post the form, expect the redirect of a success;
        then log `ack` as acknowledged."""
        page = self.page(form_page, f"{name} (formulaire)")
        token = CSRF.search(page.text or "")
        if not token:
            return
        with self.client.post(
            action,
            data={"csrfmiddlewaretoken": token.group(1), **fields},
            files=files,
            headers=self._headers(form_page),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}: form refused")
            elif ack:
                acknowledged(ack)


class Counsellor(Member):
    persona = "conseiller"
    weight = 6

    @task(4)
    def home(self):
        self.page("/", "accueil")

    @task(2)
    def directory(self):
        self.page("/annuaire/structures/", "annuaire : structures")
        self.page(PLAN["structure"], "annuaire : fiche structure")

    @task(2)
    def who_to_call(self):
        self.page("/annuaire/qui-contacter/", "annuaire : qui contacter")

    @task(2)
    def news_and_files(self):
        self.page("/publications/actualites/", "actualités")
        self.page("/publications/fichiers/", "catalogue")

    @task(2)
    def calendar(self):
        self.page("/calendrier/mois/", "calendrier : mois")

    @task(1)
    def search(self):
        words = random.choice(["dossier", "logement caf", "retraite", "carte grise"])
        self.page(f"/recherche/?q={words}", "recherche")

    @task(1)
    def forum_reply(self):
        self.reply("Merci, c'est noté.")

    @task(1)
    def register(self):
        event, register, pk = random.choice(PLAN["events"])
        ack = {"kind": "registration", "event": pk, "user": PLAN["people"][self.session_key]}
        self.submit(event, register, {}, "calendrier : inscription", ack=ack)

    @task(1)
    def upload(self):
        mark = marker()
        fields = {"title": f"Compte rendu (charge) {mark}", "category": "autre", "year": "2026"}
        files = {"file": ("compte-rendu.pdf", PDF, "application/pdf")}
        ack = {"kind": "upload", "marker": mark, "size": len(PDF)}
        self.submit(PLAN["upload"], PLAN["upload"], fields, "fichiers : dépôt", files, ack=ack)


class Referent(Member):
    persona = "referent"
    weight = 3

    @task(3)
    def home(self):
        self.page("/", "accueil")

    @task(2)
    def partner(self):
        self.page(PLAN["partner"], "annuaire : fiche partenaire")

    @task(3)
    def forum(self):
        self.page(random.choice(PLAN["topics"])[0], "forum : sujet")

    @task(1)
    def answer(self):
        self.reply("Réponse de la CAF.")


class Pilotage(Member):
    persona = "pilotage"
    weight = 1

    @task(2)
    def home(self):
        self.page("/", "accueil")

    @task(1)
    def charter(self):
        self.page("/annuaire/structures/charte/", "annuaire : charte")

    @task(1)
    def calendar(self):
        self.page("/calendrier/mois/", "calendrier : mois")


class Animator(Member):
    persona = "cci"
    weight = 1

    @task(2)
    def home(self):
        self.page("/", "accueil")

    @task(1)
    def news(self):
        self.page("/publications/actualites/", "actualités")

    @task(1)
    def search(self):
        self.page("/recherche/?q=dossier", "recherche")
