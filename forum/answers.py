"""Questions put to a partner and their first answer (within 72 working hours: convention France
Services, art. 4.2)."""

from django.utils import timezone

from forum import permissions
from forum.models import PartnerForum, TopicAnswer
from forum.working_hours import working_hours_between


def record_question(post):
    """Start the clock when a topic opens in a partner's forum; return that partner (or None)."""
    link = PartnerForum.objects.select_related("partner").filter(forum_id=post.topic.forum_id).first()
    if link is None:
        return None
    TopicAnswer.objects.get_or_create(
        topic=post.topic, defaults={"partner": link.partner, "asked_at": post.created}
    )
    return link.partner


def record_reply(post) -> None:
    """Stop the clock at the first reply by the partner's referent or the CCI."""
    answer = (
        TopicAnswer.objects.filter(topic=post.topic, first_answer_at__isnull=True)
        .select_related("partner")
        .first()
    )
    if answer is None or not permissions.speaks_for_partner(post.poster, answer.partner):
        return
    answer.first_answer_at = post.created
    answer.first_answer_by = post.poster
    answer.delay_hours = working_hours_between(answer.asked_at, post.created)
    answer.save(update_fields=["first_answer_at", "first_answer_by", "delay_hours"])


def waiting_hours(answer: TopicAnswer, now=None) -> float:
    return working_hours_between(answer.asked_at, now or timezone.now())
