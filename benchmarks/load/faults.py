"""`make faults`: the load scenario with faults injected, then a check that nothing acknowledged was lost.

The stage is `make load`'s (stage.py: its own database, LOAD_DATABASE=load_faults, and port,
LOAD_PORT=8779), with 2 sync gunicorn workers on the production settings and PostgreSQL, and e-mail
sent to a local SMTP sink run here (FAULTS_SMTP_PORT, 8780) that can be told to refuse. While the
locust people read and write (LOAD_USERS 20, LOAD_TIME 60s by default), three faults, at 20 %, 40 %
and 60 % of the run:

1. one gunicorn worker killed with SIGKILL (the master starts another);
2. every database connection of the site cut (`pg_terminate_backend`);
3. the SMTP sink refusing every message (451 after DATA) for FAULTS_SMTP_SECONDS (8); once it
   accepts again, `manage.py send_pending_emails --all-pending` is run, as the every-minute cron job
   would (without waiting for the messages' next attempt time).

After each fault, /healthz is probed every 0.2 s: the recovery time is the time until it answered
200 three times in a row and a logged-in page answered 200 (a slow answer counts: the probes wait
20 s; what they got instead of a 200 is listed). Requests in flight may fail; what the site
acknowledged may not be lost. After the run, with the site stopped, the check reads the locust
log of acknowledged writes (LOAD_ACK_LOG, see locustfile.py) and looks in the database for each
forum reply (its marker), registration (event, person) and upload (its marker, and its file in
MEDIA_ROOT with its size); no event may have more confirmed registrations than places; every
message the sink refused must be in the site's log as « E-mail not sent (…) » and, after one more
`send_pending_emails` run (the site stopped, the cron job's next minute), accepted later (matched by
its Message-ID, the same at every attempt), no message accepted twice, nothing left in the outbox but
what is claimed by a killed worker; no request that began after a fault (its start read from the
site's request log) may have failed with a 5xx. It prints the figures, in French and English, and
exits with 1 if anything failed the check.
"""

import datetime as dt
import email
import json
import os
import re
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from http.client import HTTPConnection
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stage  # noqa: E402
import summary  # noqa: E402

PROBE_EVERY = 0.2
PROBE_STREAK = 3
PROBE_TIMEOUT = 20.0
RECOVERY_LIMIT = 60.0
GRACE = 2.0  # seconds left, once the load is over, for the last e-mails (sent after their commit)
# The site's request log (extranet.requests): when the request ended (Paris time), status, duration.
REQUEST_LINE = re.compile(r"^(\S+ \S+) \w+ extranet\.requests \S+ (\S+) (\d{3}) (\d+) ms", re.MULTILINE)


# --- The SMTP sink --------------------------------------------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server on 127.0.0.1 that keeps what it is sent, or refuses it when `refusing`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), SmtpSession)
        self.refusing = threading.Event()
        self.lock = threading.Lock()
        self.accepted: list[dict] = []
        self.refused: list[dict] = []

    def keep(self, refused: bool, recipients: list[str], data: bytes) -> None:
        message = email.message_from_bytes(data)
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        with self.lock:
            (self.refused if refused else self.accepted).append(
                {"at": time.time(), "to": recipients, "subject": subject, "id": message.get("Message-ID")}
            )


class SmtpSession(socketserver.StreamRequestHandler):
    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        sink: SmtpSink = self.server
        self.say("220 puits SMTP d'essai")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.say("250-puits\r\n250 8BITMIME")
            elif verb == b"MAIL":
                recipients = []
                self.say("250 OK")
            elif verb == b"RCPT":
                recipients.append(line.decode(errors="replace").split(":", 1)[1].strip(" <>\r\n"))
                self.say("250 OK")
            elif verb == b"DATA":
                self.say("354 fin par <CRLF>.<CRLF>")
                data = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                refused = sink.refusing.is_set()
                sink.keep(refused, recipients, data)
                self.say("451 4.3.0 refus d'essai (exercice de panne)" if refused else "250 OK")
            elif verb == b"QUIT":
                self.say("221 au revoir")
                return
            elif verb in (b"RSET", b"NOOP"):
                self.say("250 OK")
            else:
                self.say("502 commande inconnue")


# --- Probes and faults ----------------------------------------------------------------------------


def answer(port: int, path: str, headers: dict[str, str]) -> str:
    """The status of GET `path`, or what went wrong. A slow answer is an answer: on a saturated
    machine a page takes seconds, which says nothing of the fault."""
    connection = HTTPConnection("127.0.0.1", port, timeout=PROBE_TIMEOUT)
    try:
        connection.request("GET", path, headers=headers)
        return str(connection.getresponse().status)
    except TimeoutError:
        return "délai dépassé / timeout"
    except OSError as error:
        return type(error).__name__
    finally:
        connection.close()


@dataclass
class Fault:
    name: str
    detail: str = ""
    started: float = 0.0  # seconds since the load began
    recovery: float | None = None  # seconds until /healthz answered 200 PROBE_STREAK times in a row
    page: float | None = None  # seconds until a logged-in page answered 200 (its own time included)
    failed_probes: Counter = field(default_factory=Counter)  # what the probes got instead of a 200
    at: float = 0.0  # its wall-clock time
    notes: list[str] = field(default_factory=list)


class Drill:
    """Injects the faults at their times, each in its own thread, and measures the recovery."""

    def __init__(self, port: int, log: Path, page_session: str, env: dict[str, str]):
        self.port = port
        self.log = log
        self.env = env
        self.page_headers = {
            "Host": stage.SITE,
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={page_session}",
        }
        self.began = time.monotonic()
        self.faults: list[Fault] = []
        self.threads: list[threading.Thread] = []

    def at(self, offset: float, action, *args) -> None:
        def run():
            time.sleep(max(self.began + offset - time.monotonic(), 0))
            action(*args)

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)

    def join(self) -> None:
        for thread in self.threads:
            thread.join()

    def begin(self, fault: Fault) -> float:
        fault.started = time.monotonic() - self.began
        fault.at = time.time()
        self.faults.append(fault)
        return time.monotonic()

    def recover(self, fault: Fault, since: float, until: float = 0.0) -> None:
        """Probe until /healthz has answered 200 PROBE_STREAK times in a row and a logged-in page
        once, and `until` (a monotonic time) has passed; RECOVERY_LIMIT at most."""
        streak_began, streak = 0.0, 0
        while (now := time.monotonic()) < until or (now - since < RECOVERY_LIMIT and fault.recovery is None):
            if (health := answer(self.port, "/healthz", {})) == "200":
                streak_began = streak_began if streak else now
                streak += 1
            else:
                fault.failed_probes[f"/healthz {health}"] += 1
                streak = 0
            if fault.page is None:
                if (page := answer(self.port, "/", self.page_headers)) == "200":
                    fault.page = time.monotonic() - since
                else:
                    fault.failed_probes[f"/ {page}"] += 1
            if fault.recovery is None and streak >= PROBE_STREAK and fault.page is not None:
                fault.recovery = streak_began - since
            time.sleep(PROBE_EVERY)

    def kill_worker(self, master: int, workers: int) -> None:
        victim = psutil.Process(master).children()[0].pid
        fault = Fault("SIGKILL worker", f"pid {victim}")
        since = self.begin(fault)
        os.kill(victim, signal.SIGKILL)
        self.at(0, self.respawned, fault, master, workers, victim, since)
        self.recover(fault, since)

    def respawned(self, fault: Fault, master: int, workers: int, victim: int, since: float) -> None:
        while time.monotonic() - since < RECOVERY_LIMIT:
            pids = {child.pid for child in psutil.Process(master).children()}
            if len(pids) == workers and victim not in pids:
                fault.notes.append(f"nouveau worker / respawned: {time.monotonic() - since:.1f} s")
                return
            time.sleep(0.1)

    def cut_database(self, database: str) -> None:
        import psycopg

        fault = Fault("pg_terminate_backend")
        with psycopg.connect(f"{stage.SERVER}/{database}", autocommit=True) as connection:
            since = self.begin(fault)
            cut = connection.execute(
                "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity "
                "where datname = %s and pid <> pg_backend_pid()",
                [database],
            ).fetchone()[0]
        fault.detail = f"{cut} connexions"
        self.recover(fault, since)

    def refuse_mail(self, sink: SmtpSink, seconds: float) -> None:
        fault = Fault("SMTP refuse", f"{seconds:g} s")
        since = self.begin(fault)
        sink.refusing.set()
        over = time.time() + seconds
        threading.Timer(seconds, sink.refusing.clear).start()
        self.recover(fault, since, until=since + seconds)
        accepted = [m["at"] for m in sink.accepted if m["at"] > over]
        if accepted:
            fault.notes.append(
                f"1er e-mail accepté après / first accepted after: +{min(accepted) - over:.1f} s"
            )
        fault.notes.append(f"send_pending_emails --all-pending: {send_pending(self.env)}")


def send_pending(env: dict[str, str]) -> str:
    """Run the outbox's command as the cron job does; what it printed, and how long it took."""
    began = time.monotonic()
    done = subprocess.run(
        [stage.PY, "manage.py", "send_pending_emails", "--all-pending"],
        env=env,
        cwd=stage.ROOT,
        capture_output=True,
        text=True,
    )
    said = done.stdout.strip() or "rien à envoyer / nothing to send"
    if done.returncode:
        said = f"ÉCHEC / FAILED {done.returncode}: {done.stderr.strip()}"
    return f"{said} ({time.monotonic() - began:.1f} s)"


def seconds(duration: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return float(duration[:-1]) * units[duration[-1]] if duration[-1] in units else float(duration)


# --- The check ------------------------------------------------------------------------------------


def check(env: dict[str, str], acks: list[dict], sink: SmtpSink, drill: Drill) -> tuple[list, list[str]]:
    """Rows of the figures table, and the problems found (none when nothing was lost)."""
    os.environ.update(env)
    sys.path.insert(0, str(stage.ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.db.models import Count, F, Q
    from machina.apps.forum_conversation.models import Post

    from calendrier.enums import RegistrationStatus
    from calendrier.models import Event, Registration
    from extranet.models import User
    from fichiers.models import Document

    problems, rows = [], []
    kinds = {kind: [a for a in acks if a["kind"] == kind] for kind in ("reply", "registration", "upload")}

    lost = [
        a["marker"] for a in kinds["reply"] if not Post.objects.filter(content__contains=a["marker"]).exists()
    ]
    rows.append(("Réponses du forum acquittées / forum replies acknowledged", len(kinds["reply"]), len(lost)))
    problems += [f"réponse perdue / reply lost: {m}" for m in lost]

    lost, refused = [], 0
    for ack in kinds["registration"]:
        if Registration.objects.filter(event_id=ack["event"], user_id=ack["user"]).exists():
            continue
        event, user = Event.objects.get(pk=ack["event"]), User.objects.get(pk=ack["user"])
        at = dt.datetime.fromtimestamp(ack["at"], dt.UTC)
        if event.registration_refusal(user, at):
            refused += 1  # the site answered with its refusal message: nothing was promised
        else:
            lost.append(f"{ack['event']}/{ack['user']}")
    rows.append(
        ("Inscriptions acquittées / registrations acknowledged", len(kinds["registration"]), len(lost))
    )
    if refused:
        rows.append(("  dont refusées par le site / of which refused by the site", refused, 0))
    problems += [f"inscription perdue / registration lost: {r}" for r in lost]

    lost = []
    for ack in kinds["upload"]:
        document = (
            Document.objects.filter(title__endswith=ack["marker"]).select_related("current_version").first()
        )
        version = document and document.current_version
        if not version:
            lost.append(f"{ack['marker']} (base)")
        elif (
            not default_storage.exists(version.file.name)
            or default_storage.size(version.file.name) != ack["size"]
        ):
            lost.append(f"{ack['marker']} (fichier {version.file.name})")
    rows.append(
        (
            "Dépôts acquittés (base + fichier) / uploads acknowledged (row + file)",
            len(kinds["upload"]),
            len(lost),
        )
    )
    problems += [f"dépôt perdu / upload lost: {m}" for m in lost]

    overbooked = list(
        Event.objects.filter(capacity__isnull=False)
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
        )
        .filter(confirmed__gt=F("capacity"))
        .values_list("pk", "confirmed", "capacity")
    )
    rows.append(("Événements en surréservation / overbooked events", Event.objects.count(), len(overbooked)))
    problems += [f"surréservation / overbooked: event {pk}, {n} > {cap}" for pk, n, cap in overbooked]

    text = drill.log.read_text(errors="replace")
    not_sent = len(re.findall(r"E-mail not sent \(", text))
    missing = max(len(sink.refused) - not_sent, 0)
    rows.append(
        ("E-mails refusés par le SMTP / refused by SMTP (journalisés / logged)", len(sink.refused), missing)
    )
    if missing:
        problems.append(f"{missing} e-mail(s) refusé(s) sans trace au journal / refused without a log line")
    problems += outbox_rows(rows, sink)

    in_flight, after = server_errors(text, drill.faults, ZoneInfo(settings.TIME_ZONE))
    rows.append(("Erreurs 5xx de requêtes en vol pendant une panne / 5xx in flight", len(in_flight), 0))
    rows.append(("Erreurs 5xx de requêtes commencées après / 5xx not in flight", len(after), len(after)))
    problems += [f"5xx hors panne en vol / 5xx not in flight: {error}" for error in after]
    for fault in drill.faults:
        if fault.recovery is None:
            problems.append(f"{fault.name}: pas rétabli en {RECOVERY_LIMIT:g} s / not recovered")
    return rows, problems


def outbox_rows(rows: list, sink: SmtpSink) -> list[str]:
    """Each refused message accepted later, none accepted twice, nothing waiting in the outbox."""
    from extranet.enums import OutgoingEmailState
    from extranet.models import OutgoingEmail

    accepted = Counter(m["id"] for m in sink.accepted)
    refused = {m["id"] for m in sink.refused}
    never = sorted(refused - set(accepted))
    twice = sorted(message_id for message_id, count in accepted.items() if count > 1)
    rows.append(("  acceptés ensuite / accepted later (jamais / never)", len(refused), len(never)))
    rows.append(("E-mails acceptés par le SMTP / accepted (deux fois / twice)", len(accepted), len(twice)))
    states = Counter(OutgoingEmail.objects.values_list("state", flat=True))
    waiting = states[OutgoingEmailState.PENDING] + states[OutgoingEmailState.FAILED]
    rows.append(("Outbox (à envoyer, abandonnés / pending, given up)", states.total(), waiting))
    if claimed := states[OutgoingEmailState.SENDING]:
        # Sent again once their claim expires (OutgoingEmail.CLAIM): late, not lost.
        rows.append(("  réservés par un worker tué / claimed by a killed worker", claimed, 0))
    return (
        [f"e-mail refusé jamais renvoyé / refused, never sent: {message_id}" for message_id in never]
        + [f"e-mail envoyé deux fois / sent twice: {message_id}" for message_id in twice]
        + ([f"{waiting} e-mail(s) resté(s) dans la file / left in the outbox"] if waiting else [])
    )


def server_errors(log: str, faults: list[Fault], zone: ZoneInfo) -> tuple[list[str], list[str]]:
    """The 5xx answers of the site's request log: those of requests under way when a fault struck
    (allowed to fail), and the others (which should not have)."""
    in_flight, after = [], []
    for ended, path, status, duration in REQUEST_LINE.findall(log):
        if not status.startswith("5"):
            continue
        end = dt.datetime.strptime(ended, "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=zone).timestamp()
        start = end - int(duration) / 1000
        struck = any(start - 0.01 <= fault.at <= end + 0.01 for fault in faults)
        (in_flight if struck else after).append(f"{path} {status} ({int(duration)} ms)")
    return in_flight, after


def report(drill: Drill, rows: list, problems: list[str], prefix: Path) -> None:
    print("\n== Pannes / faults (secondes depuis le début de la charge, puis depuis la panne)")
    print(
        f"{'panne / fault':<22}{'détail':<16}{'à / at':>8}{'/healthz OK':>13}{'page OK':>9}{'sondes KO':>11}"
    )
    for f in drill.faults:
        recovery = "—" if f.recovery is None else f"{f.recovery:.2f}"
        page = "—" if f.page is None else f"{f.page:.2f}"
        print(
            f"{f.name:<22}{f.detail:<16}{f.started:>8.1f}{recovery:>13}{page:>9}{f.failed_probes.total():>11}"
        )
        for outcome, count in sorted(f.failed_probes.items()):
            print(f"    sonde / probe {outcome} : {count}")
        for note in f.notes:
            print(f"    {note}")
    print("\n== Vérification / check")
    print(f"{'':<72}{'nombre':>8}{'perdus':>8}")
    for label, count, bad in rows:
        print(f"{label:<72}{count:>8}{bad:>8}")
    print("\n== Charge / load (requêtes en vol pendant les pannes comprises / in-flight failures included)")
    summary.main(str(prefix))
    print()
    for problem in problems:
        print(f"ÉCHEC / FAILED: {problem}")
    print("Rien d'acquitté n'est perdu / nothing acknowledged was lost" if not problems else "")


def main() -> int:
    run = stage.settings_from_env(users=20, run_time="60s", port=8779, database="load_faults")
    smtp_port = int(os.environ.get("FAULTS_SMTP_PORT", "8780"))
    refusal = float(os.environ.get("FAULTS_SMTP_SECONDS", "8"))
    work = Path(tempfile.mkdtemp(prefix="extranet-faults-"))
    acks_path, log = work / "acks.jsonl", work / "gunicorn.log"
    log.touch()
    env = stage.environment(
        work,
        run["database"],
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="0",
        EMAIL_TIMEOUT="5",
        LOAD_ACK_LOG=str(acks_path),
    )
    print(f"charge de la machine au départ / load average: {os.getloadavg()}", flush=True)
    print("== Données et sessions", flush=True)
    plan = stage.prepare(env, work)
    sink = SmtpSink(smtp_port)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    duration = seconds(run["run_time"])
    print(f"== gunicorn, {run['workers']} workers, port {run['port']}; SMTP port {smtp_port}", flush=True)
    with stage.gunicorn(env, run["port"], run["workers"], log) as server:
        print(f"== locust: {run['users']} personnes, {run['run_time']}, avec pannes", flush=True)
        load = stage.locust(env, plan, work / "load", run)
        drill = Drill(run["port"], log, json.loads(plan.read_text())["sessions"]["pilotage"][0], env)
        drill.at(duration * 0.2, drill.kill_worker, server.pid, run["workers"])
        drill.at(duration * 0.4, drill.cut_database, run["database"])
        drill.at(duration * 0.6, drill.refuse_mail, sink, refusal)
        load.wait()
        drill.join()
        time.sleep(GRACE)
    # The cron job's next minute: what was refused late in the window, or never tried (a killed worker).
    swept = send_pending(env)
    sink.shutdown()
    acks = [json.loads(line) for line in acks_path.read_text().splitlines()] if acks_path.exists() else []
    rows, problems = check(env, acks, sink, drill)
    report(drill, rows, problems, work / "load")
    print(f"send_pending_emails après la charge / after the load: {swept}")
    print(f"(fichiers du passage : {work})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
