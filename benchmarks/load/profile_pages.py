"""How much of a page view the usage counter costs (issue 15 §1), measured with cProfile under load.

    LOAD_DATABASE=load_faults .venv/bin/python benchmarks/load/profile_pages.py /tmp/extranet-faults-…

Run after `make load` or `make faults`, on its work folder (printed at the end: the plan, the
sessions' secret key, the collected static files) and its database (LOAD_DATABASE, still filled).
It starts gunicorn and the locust scenario again on them (LOAD_USERS, LOAD_TIME, LOAD_PORT as for
`make faults`) and meanwhile, in this process with the production settings, a counsellor of the
load data views each page PROFILE_RUNS times (20) through Django's test client. For
each page it prints the mean time per view, the part spent in `DailyUsage.record` (the counter's
UPDATE and its commit) and that share, timed directly and then as cProfile sees it.
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stage  # noqa: E402

PAGES = [
    "/",
    "/annuaire/structures/",
    "/publications/actualites/",
    "/calendrier/mois/",
    "/recherche/?q=dossier",
]


def main(work: Path) -> None:
    runs = int(os.environ.get("PROFILE_RUNS", "20"))
    run = stage.settings_from_env(users=20, run_time="60s", port=8779, database="load_faults")
    env = stage.environment(work, run["database"])
    with stage.gunicorn(env, run["port"], run["workers"], work / "profile-gunicorn.log"):
        load = stage.locust(env, work / "plan.json", work / "profile-load", run)
        try:
            time.sleep(5)  # the people arrive
            profile_pages({**env, "DJANGO_LOG_LEVEL": "WARNING"}, runs)
        finally:
            load.terminate()
            load.wait()


def profile_pages(env: dict[str, str], runs: int) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(stage.ROOT))
    import django

    django.setup()
    from django.test import Client

    from extranet.models import DailyUsage, User

    client = Client(HTTP_HOST=stage.SITE, HTTP_X_FORWARDED_PROTO="https")
    client.force_login(User.objects.get(email="charge-conseiller-0@example.org"))
    # The counter timed on its own, without the profiler's overhead (which weighs on Python calls,
    # that is on the page, more than on a database round trip, that is on the counter).
    record, spent = DailyUsage.record.__func__, []

    def timed_record(cls, *args, **kwargs):
        began = time.perf_counter()
        record(cls, *args, **kwargs)
        spent.append(time.perf_counter() - began)

    DailyUsage.record = classmethod(timed_record)
    print(f"charge de la machine (1, 5, 15 min) : {os.getloadavg()}")
    print(f"{'page':<26}{'vues':>5}{'ms / vue':>10}{'record ms':>11}{'part':>7}{'cProfile : part':>17}")
    for page in PAGES:
        assert client.get(page).status_code == 200, page  # warm: caches, templates, the counter's row
        spent.clear()
        began = time.perf_counter()
        for _ in range(runs):
            client.get(page)
        total, counter = (time.perf_counter() - began) / runs * 1000, sum(spent) / runs * 1000
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(runs):
            client.get(page)
        profile.disable()
        stats = pstats.Stats(profile)
        profiled = sum(
            cumulative
            for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items()
            if name == "timed_record" and filename == __file__
        )
        share = f"{profiled / stats.total_tt:.1%}"
        print(f"{page:<26}{runs:>5}{total:>10.1f}{counter:>11.2f}{counter / total:>7.1%}{share:>17}")
    counted = DailyUsage.objects.filter(user=client.session["_auth_user_id"]).values_list(
        "page_views", flat=True
    )
    print(f"pages vues comptées aujourd'hui pour cette personne : {sum(counted)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
