"""`make load`: the load scenario against gunicorn with the production settings on PostgreSQL.

Prepares a throw-away database (LOAD_DATABASE, load_extranet by default, emptied first) with the
network's data and a session per simulated person, collects the static files, starts gunicorn
(LOAD_WORKERS sync workers, 2 by default, as on a 2-core host, on LOAD_PORT, 8765; the cache in Redis,
LOAD_REDIS_URL, database 12 on 127.0.0.1 by default, emptied first), runs locust headless
(LOAD_USERS people, 50 by default, for LOAD_TIME, 60 s by default; bounded in count and time, loopback
only) and prints the figures (summary.py), with the CPU each request cost to gunicorn, PostgreSQL and
locust.

`make load-saturation` finds the throughput at which the workers saturate: no think time
(LOAD_THINK=0) and one run per number of people in LOAD_STEPS, one line each.

LOAD_WORK names the folder of an earlier run (printed at its end) to run again on its data, sessions
and static files without preparing them again: before and after a change, on the same data.
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stage  # noqa: E402
import summary  # noqa: E402


def main() -> None:
    run = stage.settings_from_env()
    earlier = os.environ.get("LOAD_WORK", "")
    work = Path(earlier) if earlier else Path(tempfile.mkdtemp(prefix="extranet-load-"))
    # Redis as the README recommends for production: the shared cache and the sessions' reads.
    env = stage.environment(work, run["database"], REDIS_URL=run["redis"])
    if earlier:
        plan = work / "plan.json"
        print(f"== Données et sessions du passage {work}", flush=True)
    else:
        print("== Données et sessions", flush=True)
        plan = stage.prepare(env, work)
    print(f"== gunicorn, {run['workers']} workers, port {run['port']}", flush=True)
    results = []
    with stage.gunicorn(env, run["port"], run["workers"], work / "gunicorn.log") as server:
        for users in run["steps"] or [run["users"]]:
            print(f"== locust: {users} personnes, {run['run_time']}, réflexion {run['think']} s", flush=True)
            prefix = str(work / (f"load-{users}" if run["steps"] else "load"))
            with stage.cpu_use(server.pid, run["database"]) as cpu:
                stage.locust(env, plan, Path(prefix), {**run, "users": users}).wait()
            results.append((users, prefix, cpu))
    if run["steps"]:
        summary.steps(results)
    else:
        summary.main(results[0][1], results[0][2])
    print(f"(fichiers du passage : {work})")


if __name__ == "__main__":
    main()
