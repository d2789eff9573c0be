"""The stage of a load run, shared by `make load` (run.py) and `make faults` (faults.py).

A throw-away PostgreSQL database on 127.0.0.1 (created if missing; prepare.py empties it and fills it
with one unit of the network data and a session per simulated person), the static files collected,
gunicorn with the production settings, and locust headless against it. Everything runs in child
processes with the environment built here; the work folder keeps the plan, the logs and the CSVs.
"""

import os
import resource
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PY = str(BIN / "python")
SERVER = "postgresql://postgres@127.0.0.1:5432"
SITE = "extranet.example.org"


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        if not connection.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            connection.execute(f'create database "{name}"')


def environment(work: Path, database: str, **extra: str) -> dict[str, str]:
    """The production settings on `database`, with files under `work`; `extra` adds to them."""
    url = f"postgres://postgres@127.0.0.1:5432/{database}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extranet.settings",
        # The same for the whole run and anything run later on its folder: sessions are signed with it.
        "DJANGO_SECRET_KEY": f"load-run-only-{work.name}-not-a-real-secret-key-0123456789",
        "DJANGO_ALLOWED_HOSTS": SITE,
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DATABASE_URL": url,
        "BENCH_DATABASE_URL": url,
        **extra,
    }


def prepare(env: dict[str, str], work: Path) -> Path:
    """Fill the database, write the sessions' plan, collect the static files; the plan's path."""
    create_database(env["DATABASE_URL"].rsplit("/", 1)[1])
    if env.get("REDIS_URL"):
        # The data is new but the versions of its cached fragments would not be (bulk loading sends
        # no signal): an earlier run's pages would be served.
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    plan = work / "plan.json"
    subprocess.run([PY, "benchmarks/load/prepare.py", str(plan)], env=env, cwd=ROOT, check=True)
    subprocess.run([PY, "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    return plan


def healthy(port: int, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log: Path):
    """gunicorn on 127.0.0.1:`port`, its stderr (Django's log included) in `log`; stopped on exit."""
    command = [str(BIN / "gunicorn"), "extranet.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning"]
    with log.open("ab") as errors:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        for _ in range(120):
            if healthy(port):
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"gunicorn does not answer on port {port}: see {log}")
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def locust(env: dict[str, str], plan: Path, prefix: Path, run: dict) -> subprocess.Popen:
    """Start the headless locust scenario, bounded in people and time as `run` (settings_from_env)
    says, its CSVs named after `prefix`; the caller waits for it."""
    command = [str(BIN / "locust"), "-f", "benchmarks/load/locustfile.py", "--headless"]
    command += ["--users", str(run["users"]), "--spawn-rate", str(run["spawn_rate"])]
    command += ["--run-time", run["run_time"], "--host", f"http://127.0.0.1:{run['port']}"]
    command += ["--csv", str(prefix), "--only-summary"]
    command += ["--loglevel", "WARNING"]
    return subprocess.Popen(
        command,
        env={**env, "LOAD_PLAN": str(plan), "LOAD_THINK": run["think"]},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _cpu_seconds(server: int, database: str) -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each process of the site: gunicorn's master and workers, and the
    PostgreSQL connections to `database` (whose process title names the database)."""
    found = {}
    master = psutil.Process(server)
    processes = [("gunicorn", p) for p in [master, *master.children(recursive=True)]]
    for process in psutil.process_iter(["cmdline"]):
        title = " ".join(process.info["cmdline"] or [])
        if title.startswith("postgres: ") and f" {database} " in title:
            processes.append(("postgresql", process))
    for kind, process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:  # ended in between
            continue
        found[process.pid] = (kind, times.user + times.system)
    return found


@contextmanager
def cpu_use(server: int, database: str, every: float = 0.5):
    """The CPU seconds spent inside the block by the site's gunicorn (`server`, its master's pid), its
    PostgreSQL connections, and the child processes ended meanwhile (locust): {kind: seconds}, filled
    on exit. On a shared machine this says more than the milliseconds: what a request costs, not how
    long it waited for a CPU. Sampled `every` seconds, since a connection older than CONN_MAX_AGE
    ends and takes its figures with it (the last sample of each process stands for it)."""
    used: dict[str, float] = {}
    before = _cpu_seconds(server, database)
    last = dict(before)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = threading.Event()

    def sample():
        while not done.wait(every):
            last.update(_cpu_seconds(server, database))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield used
    finally:
        done.set()
        sampler.join()
        last.update(_cpu_seconds(server, database))
        for pid, (kind, seconds) in last.items():
            used[kind] = used.get(kind, 0.0) + seconds - before.get(pid, (kind, 0.0))[1]
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
        used["locust"] = ended.ru_utime + ended.ru_stime - children.ru_utime - children.ru_stime


def settings_from_env(
    *, users=50, run_time="60s", port=8765, database="load_extranet", redis="redis://127.0.0.1:6379/12"
) -> dict:
    """The run's figures: LOAD_USERS, LOAD_TIME, LOAD_SPAWN_RATE, LOAD_WORKERS, LOAD_PORT,
    LOAD_DATABASE, LOAD_REDIS_URL (emptied at the start; "" for the database cache), LOAD_THINK
    (seconds between two requests of a person, "1-3" or "0") and LOAD_STEPS (numbers of people, one
    run each: "2,4,8,16") from the environment, the caller's defaults otherwise."""
    return {
        "redis": os.environ.get("LOAD_REDIS_URL", redis),
        "users": int(os.environ.get("LOAD_USERS", users)),
        "think": os.environ.get("LOAD_THINK", "1-3"),
        "steps": [int(n) for n in os.environ.get("LOAD_STEPS", "").split(",") if n.strip()],
        "run_time": os.environ.get("LOAD_TIME", run_time),
        "spawn_rate": int(os.environ.get("LOAD_SPAWN_RATE", "10")),
        "workers": int(os.environ.get("LOAD_WORKERS", "2")),
        "port": int(os.environ.get("LOAD_PORT", port)),
        "database": os.environ.get("LOAD_DATABASE", database),
    }


if __name__ == "__main__":
    sys.exit("stage.py is a module: run benchmarks/load/run.py or faults.py")
