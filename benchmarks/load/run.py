"""`make load`: the load scenario against gunicorn with the production settings on PostgreSQL.

Prepares a throw-away database (LOAD_DATABASE, load_extranet by default, emptied first) with the
network's data and a session per simulated person, collects the static files, starts gunicorn
(LOAD_WORKERS sync workers, 2 by default, as on a 2-core host, on LOAD_PORT, 8765), runs locust headless
(LOAD_USERS people, 50 by default, for LOAD_TIME, 60 s by default; bounded in count and time, loopback
only) and prints the figures (summary.py).
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stage  # noqa: E402
import summary  # noqa: E402


def main() -> None:
    run = stage.settings_from_env()
    work = Path(tempfile.mkdtemp(prefix="extranet-load-"))
    env = stage.environment(work, run["database"])
    print("== Données et sessions", flush=True)
    plan = stage.prepare(env, work)
    print(f"== gunicorn, {run['workers']} workers, port {run['port']}", flush=True)
    with stage.gunicorn(env, run["port"], run["workers"], work / "gunicorn.log"):
        print(f"== locust: {run['users']} personnes, {run['run_time']}", flush=True)
        stage.locust(env, plan, work / "load", run).wait()
    summary.main(str(work / "load"))
    print(f"(fichiers du passage : {work})")


if __name__ == "__main__":
    main()
