"""What the forum adds to the home page: questions awaiting an answer."""

from django.conf import settings
from django.utils import timezone

from extranet import registry
from forum.answers import waiting_hours
from forum.links import topic_path
from forum.models import TopicAnswer

PANEL_SIZE = 10


def vary(request) -> tuple:
    # The panels give each question's wait in whole hours, counted at the hour.
    return (*registry.person_and_day(request), timezone.localtime().hour)


def _rows(answers):
    now = timezone.now()
    rows = []
    for answer in answers:
        hours = waiting_hours(answer, now)
        rows.append(
            {
                "answer": answer,
                "url": topic_path(answer.topic),
                "hours": round(hours),
                "overdue": hours > settings.FORUM_ANSWER_DELAY_HOURS,
            }
        )
    return rows


def _awaiting():
    return (
        TopicAnswer.objects.awaiting()
        .select_related("topic__forum", "topic__poster", "partner")
        .order_by("asked_at")
    )


def awaiting_answers(request):
    """A referent's partner's questions still waiting for their answer, oldest first."""
    answers = _awaiting().for_partners_of(request.user)
    total = answers.count()
    if not total:
        return None
    return {"rows": _rows(answers[:PANEL_SIZE]), "total": total, "limit": settings.FORUM_ANSWER_DELAY_HOURS}


def my_open_questions(request):
    """The questions a person asked that no partner answered yet."""
    answers = _awaiting().filter(topic__poster=request.user)
    total = answers.count()
    if not total:
        return None
    return {"rows": _rows(answers[:PANEL_SIZE]), "total": total, "limit": settings.FORUM_ANSWER_DELAY_HOURS}
