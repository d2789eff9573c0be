"""Answer delays in working hours, the home panels and the quarterly report."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import TopicAnswer
from forum.working_hours import PARIS, working_hours_between
from tests import factories


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (paris(2026, 11, 17, 9), paris(2026, 11, 17, 17), 8),  # same Tuesday
        (
            paris(2026, 11, 20, 16),
            paris(2026, 11, 23, 10),
            18,
        ),  # Friday 16:00 → Monday 10:00: weekend skipped
        (paris(2026, 11, 21, 10), paris(2026, 11, 22, 18), 0),  # asked and answered within the weekend
        (paris(2026, 11, 10, 12), paris(2026, 11, 12, 12), 24),  # across 11 November (Armistice)
        (paris(2026, 5, 7, 12), paris(2026, 5, 11, 12), 24),  # Thursday → Monday across Friday 8 May
        (paris(2026, 12, 24, 12), paris(2026, 12, 28, 12), 24),  # Christmas Friday, then a weekend
        (paris(2026, 11, 17, 9), paris(2026, 11, 16, 9), 0),  # an end before the start counts nothing
    ],
)
def test_working_hours_skip_weekends_and_public_holidays(start, end, hours):
    assert working_hours_between(start, end) == pytest.approx(hours)


def test_the_clock_stops_at_the_first_reply_of_the_partner_or_the_cci(
    caf_forum, conseiller, referent, animateur
):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    answer = TopicAnswer.objects.get(topic=topic)
    assert answer.partner.slug == "caf" and answer.first_answer_at is None

    factories.PostFactory(
        topic=topic, poster=factories.counsellor()
    )  # another counsellor's help is not the partner's answer
    answer.refresh_from_db()
    assert answer.first_answer_at is None

    post = factories.PostFactory(topic=topic, poster=referent)
    factories.PostFactory(topic=topic, poster=animateur)
    answer.refresh_from_db()
    assert answer.first_answer_at == post.created
    assert answer.first_answer_by == referent
    assert answer.delay_hours is not None


def test_the_cci_answers_for_any_partner(caf_forum, conseiller, animateur):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    factories.PostFactory(topic=topic, poster=animateur)
    assert TopicAnswer.objects.get(topic=topic).first_answer_by == animateur


def test_another_partners_referent_does_not_answer(caf_forum, conseiller, cpam_referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    factories.PostFactory(topic=topic, poster=cpam_referent)
    assert TopicAnswer.objects.get(topic=topic).first_answer_at is None


def test_network_forums_have_no_answer_clock(mutual_help_forum, conseiller):
    factories.TopicFactory(forum=mutual_help_forum, poster=conseiller)
    assert not TopicAnswer.objects.exists()


def age(topic, asked_at):
    TopicAnswer.objects.filter(topic=topic).update(asked_at=asked_at)


def test_referents_see_their_awaiting_questions_oldest_first_overdue_in_words(
    client, caf_forum, conseiller, referent, cpam_referent
):
    recent = factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Question récente")
    old = factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Question ancienne")
    answered = factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Question traitée")
    factories.PostFactory(topic=answered, poster=referent)
    age(old, timezone.now() - dt.timedelta(days=14))
    age(recent, timezone.now() - dt.timedelta(minutes=5))

    client.force_login(referent)
    page = client.get(reverse("home")).content.decode()
    assert "Questions en attente de votre réponse (2)" in page
    assert page.index("Questions en attente de votre réponse") < page.index("Mon rattachement")
    assert page.index("Question ancienne") < page.index("Question récente")
    assert "Question traitée" not in page
    assert page.count("Délai de 72 heures ouvrées dépassé") == 1

    client.force_login(cpam_referent)
    assert "Questions en attente de votre réponse" not in client.get(reverse("home")).content.decode()


def test_counsellors_see_their_own_open_questions(client, caf_forum, conseiller, outsider, referent):
    factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Ma question")
    factories.TopicFactory(forum=caf_forum, poster=outsider, subject="La question d'un autre")
    client.force_login(conseiller)
    page = client.get(reverse("home")).content.decode()
    assert "Mes questions sans réponse (1)" in page
    assert "Ma question" in page and "La question d&#x27;un autre" not in page


def test_quarter_report(caf_forum, conseiller, referent, cpam_referent):
    cpam_forum = cpam_referent.memberships.get().partner.forum_link.forum
    in_time = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    late = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    open_question = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    other_quarter = factories.TopicFactory(forum=cpam_forum, poster=conseiller)
    for topic, asked, answered in (
        (in_time, paris(2026, 2, 2, 9), paris(2026, 2, 3, 9)),  # 24 h
        (late, paris(2026, 2, 6, 9), paris(2026, 2, 13, 9)),  # Friday → next Friday: 120 h
    ):
        TopicAnswer.objects.filter(topic=topic).update(asked_at=asked)
        post = factories.PostFactory(topic=topic, poster=referent)
        post.__class__.objects.filter(pk=post.pk).update(created=answered)
        TopicAnswer.objects.filter(topic=topic).update(
            first_answer_at=answered, delay_hours=working_hours_between(asked, answered)
        )
    TopicAnswer.objects.filter(topic=open_question).update(asked_at=paris(2026, 3, 30, 9))
    TopicAnswer.objects.filter(topic=other_quarter).update(asked_at=paris(2026, 4, 1, 9))

    (row,) = TopicAnswer.objects.quarter_report(2026, 1)

    assert row.partner.slug == "caf"
    assert (row.topics, row.replies, row.answered) == (3, 2, 2)
    assert row.median_delay_hours == pytest.approx(72)
    assert row.answered_in_time_share == pytest.approx(1 / 3)


def test_the_report_page_is_for_the_cci_and_the_steering_staff(
    client, caf_forum, conseiller, pilotage, referent
):
    url = reverse("forum_ext:answer_report") + "?year=2026&quarter=1"
    client.force_login(pilotage)
    assert client.get(url).status_code == 200
    for user in (conseiller, referent):
        client.force_login(user)
        assert client.get(url).status_code == 403
