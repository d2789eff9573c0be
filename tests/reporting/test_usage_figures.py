"""The yearly usage report's figures against counters built by hand, and the fold that keeps them."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from calendrier.models import Registration
from extranet.models import DailyUsage
from fichiers.models import FileVersion
from forum.models import TopicAnswer
from forum.structure import sync_forums
from reporting import usage
from reporting.retention import fold, fold_cutoff
from reporting.usage_models import MonthlyUsage
from tests import factories

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def day_rows(user, *rows):
    """(date, logins, page views, downloads) for `user`."""
    for day, logins, page_views, downloads in rows:
        DailyUsage.objects.create(
            user=user, day=day, logins=logins, page_views=page_views, downloads=downloads
        )


@pytest.fixture
def network(conseiller, referent, pilotage, structure, partner, time_machine):
    """One year of use (2025) by four people in four groups, and a little of 2024."""
    other_structure = factories.StructureFactory(name="France Services de Caussade")
    colleague = factories.counsellor(structure=other_structure, email="collegue@example.org")
    day_rows(
        conseiller,
        (dt.date(2024, 12, 31), 5, 50, 5),
        (dt.date(2025, 1, 3), 1, 10, 2),
        (dt.date(2025, 1, 20), 1, 5, 0),
        (dt.date(2025, 3, 2), 2, 7, 1),
    )
    day_rows(colleague, (dt.date(2025, 3, 10), 1, 4, 0))
    day_rows(referent, (dt.date(2025, 3, 5), 1, 3, 0), (dt.date(2025, 11, 2), 0, 2, 1))
    day_rows(pilotage, (dt.date(2025, 12, 31), 1, 1, 0))

    # A file uploaded in February 2025 (and a new version of it in 2024's last minutes: not counted).
    document = factories.DocumentFactory(uploaded_by=conseiller, with_version=True)
    FileVersion.objects.filter(document=document).update(uploaded_at=paris(2025, 2, 14, 10))
    factories.NewsFactory(author=referent, published_at=paris(2025, 3, 15, 9))
    factories.NewsFactory(author=referent, published_at=paris(2024, 12, 31, 23, 59))

    # A question to the CAF, answered by its referent the same day.
    sync_forums()
    time_machine.move_to(paris(2025, 3, 3, 10), tick=False)
    topic = factories.TopicFactory(forum=partner.forum_link.forum, poster=conseiller)
    time_machine.move_to(paris(2025, 3, 3, 14), tick=False)
    factories.PostFactory(topic=topic, poster=referent)

    event = factories.EventFactory(start_date=dt.date(2025, 6, 10))
    Registration.objects.create(event=event, user=conseiller, attended=True)
    Registration.objects.create(event=event, user=colleague, attended=False)
    time_machine.move_to(paris(2026, 1, 15, 12), tick=False)
    return {"colleague": colleague, "other_structure": other_structure}


def values(row, *keys):
    return tuple(row.values[key] for key in keys)


DAILY = ("logins", "page_views", "downloads", "active_people")


def test_figures_per_month_match_the_counters(network):
    report = usage.build(2025)
    months = report.months.rows

    assert [row.label for row in months][:3] == ["janvier", "février", "mars"]
    assert values(months[0], *DAILY) == (2, 15, 2, 1)
    assert values(months[1], *DAILY, "uploads") == (0, 0, 0, 0, 1)
    assert values(months[2], *DAILY, "news", "topics", "posts") == (4, 14, 1, 3, 1, 1, 2)
    assert values(months[5], "registrations", "attendances") == (2, 1)
    assert values(months[10], *DAILY) == (0, 2, 1, 1)
    assert values(months[11], *DAILY) == (1, 1, 0, 1)
    answer = TopicAnswer.objects.get()
    assert values(months[2], "questions", "answered_in_time", "median_delay") == (
        1,
        1,
        round(answer.delay_hours, 1),
    )
    # Active people over the year are distinct people, not the sum of the months (6).
    assert values(report.months.total, *DAILY) == (7, 32, 4, 4)
    assert report.totals["uploads"] == 1 and report.totals["news"] == 1


def test_figures_per_role_structure_and_partner(network, structure, partner):
    report = usage.build(2025)
    roles = {row.label: row for row in report.roles.rows}
    assert values(roles["Conseiller France Services"], *DAILY) == (5, 26, 3, 2)
    assert values(roles["Référent d'un partenaire"], *DAILY, "news", "posts") == (1, 5, 1, 1, 1, 1)
    assert values(roles["Pilotage (Département, Préfecture)"], *DAILY) == (1, 1, 0, 1)
    assert values(roles["Animateur du réseau (CCI)"], *DAILY) == (0, 0, 0, 0)

    structures = {row.label: row for row in report.structures.rows}
    assert values(structures[structure.name], *DAILY, "uploads", "topics", "attendances") == (
        4,
        22,
        3,
        1,
        1,
        1,
        1,
    )
    assert values(structures["France Services de Caussade"], *DAILY, "registrations") == (1, 4, 0, 1, 1)

    caf = {row.label: row for row in report.partners.rows}[partner.name]
    assert values(caf, *DAILY, "questions", "answered_in_time") == (1, 5, 1, 1, 1, 1)


def test_the_summary_says_the_totals_in_words(network):
    summary = " ".join(usage.build(2025).summary())

    assert "En 2025, 4\xa0personnes ont utilisé l'extranet" in summary
    assert "7\xa0connexions, 32\xa0pages vues et 4\xa0fichiers téléchargés" in summary
    assert "Le mois le plus actif a été janvier (15\xa0pages vues)." in summary
    assert "1\xa0question posée aux partenaires, dont 1 avec une réponse" in summary


def report_figures(year):
    report = usage.build(year)
    return [table.lines() for table in report.tables], report.totals


def test_the_fold_keeps_past_reports_identical_and_is_idempotent(network, time_machine):
    before = {year: report_figures(year) for year in (2024, 2025)}

    # Early 2026: only January 2025 (and 2024) is older than 13 months.
    time_machine.move_to(paris(2026, 3, 2, 3), tick=False)
    assert fold() == 3
    assert {year: report_figures(year) for year in (2024, 2025)} == before

    # December 2026: every month up to October 2025; November and December 2025 stay day by day.
    time_machine.move_to(paris(2026, 12, 2, 3), tick=False)
    call_command("fold_usage", stdout=io.StringIO())
    assert set(DailyUsage.objects.values_list("day", flat=True)) == {
        dt.date(2025, 11, 2),
        dt.date(2025, 12, 31),
    }
    assert {year: report_figures(year) for year in (2024, 2025)} == before

    assert fold() == 0
    assert {year: report_figures(year) for year in (2024, 2025)} == before


def test_the_aggregates_name_no_one(network, time_machine, structure):
    time_machine.move_to(paris(2027, 6, 1), tick=False)
    fold()

    assert not DailyUsage.objects.exists()
    assert not [
        f for f in MonthlyUsage._meta.get_fields() if f.is_relation and f.related_model.__name__ == "User"
    ]
    january = MonthlyUsage.objects.get(month=dt.date(2025, 1, 1))
    assert (january.role, january.structure, january.partner) == ("conseiller", structure, None)
    assert (january.logins, january.page_views, january.active_people, january.last_active_people) == (
        2,
        15,
        1,
        0,
    )
    march = MonthlyUsage.objects.get(month=dt.date(2025, 3, 1), structure=structure)
    assert march.last_active_people == 1


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (dt.date(2026, 12, 2), dt.date(2025, 11, 1)),
        (dt.date(2026, 12, 31), dt.date(2025, 11, 1)),
        (dt.date(2027, 1, 1), dt.date(2025, 12, 1)),
        (dt.date(2026, 1, 31), dt.date(2024, 12, 1)),
    ],
)
def test_a_month_is_folded_once_all_its_days_are_older_than_13_months(today, cutoff):
    assert fold_cutoff(today) == cutoff


def test_the_report_costs_the_same_queries_whatever_the_people(network, django_assert_max_num_queries):
    for _ in range(5):
        person = factories.counsellor(structure=network["other_structure"])
        day_rows(person, (dt.date(2025, 4, 1), 1, 1, 0), (dt.date(2025, 5, 1), 1, 1, 0))
    with django_assert_max_num_queries(14):
        usage.build(2025)
