"""Forum posts in the site-wide search: approved posts of approved topics, in forums the person reads."""

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from machina.apps.forum_conversation.models import Post

from extranet.registry import SearchHit
from forum.links import topic_path
from forum.permissions import readable_forums

MAX_HITS = 20


def visible_posts(user):
    return Post.objects.filter(approved=True, topic__approved=True, topic__forum__in=readable_forums(user))


def search_posts(request, query: str):
    query = query.strip()
    if not query:
        return []
    posts = (
        visible_posts(request.user)
        .filter(Q(subject__icontains=query) | Q(content__icontains=query))
        .select_related("topic__forum")
        .order_by("-created")[:MAX_HITS]
    )
    return [
        SearchHit(
            title=post.subject,
            url=f"{topic_path(post.topic)}?post={post.pk}#{post.pk}",
            excerpt=Truncator(strip_tags(post.content.rendered)).words(30),
            kind="Forum",
        )
        for post in posts
    ]
