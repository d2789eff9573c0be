"""machina's pages, with our index and without machina's search and feeds.

The search (haystack) finds nothing with its simple backend (docs/decisions.md): the site-wide search covers
posts instead. The feeds are left out as well: nothing of the forum leaves the extranet.

machina nests its topic routes in an include under `forum/<slug>-<pk>/`; they are flattened here so
that each route declares all of its parameters (tests/extranet/test_access.py reverses every route
with the parameters it declares). Every id in machina's routes takes a positive number of at most 18
digits: machina's views would otherwise fail on `0`, on letters (`profile/<str:pk>/`) or on numbers
too large for the database, instead of answering 404.
"""

import re

from django.urls import URLResolver, include, path, register_converter
from machina.apps.forum.urls import ForumURLPatternsFactory
from machina.apps.forum_conversation.urls import ForumConversationURLPatternsFactory
from machina.apps.forum_member.urls import urlpatterns_factory as member_urls
from machina.apps.forum_moderation.urls import urlpatterns_factory as moderation_urls
from machina.apps.forum_tracking.urls import urlpatterns_factory as tracking_urls

from forum import views


class ForumURLs(ForumURLPatternsFactory):
    index_view = views.IndexView
    forum_view = views.ForumView


class ConversationURLs(ForumConversationURLPatternsFactory):
    topic_create_view = views.TopicCreateView
    topic_update_view = views.TopicUpdateView
    post_create_view = views.PostCreateView
    post_update_view = views.PostUpdateView


class ObjectIdConverter:
    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(ObjectIdConverter, "object_id")


def strict_ids(route: str) -> str:
    return re.sub(r"<(?:int|str):(\w*pk)>", r"<object_id:\1>", route)


def flat(patterns, prefix=""):
    """`patterns` with each anonymous include replaced by its routes, prefixed with the include's route,
    and every id parameter taking object ids only."""
    for pattern in patterns:
        route = strict_ids(prefix + str(pattern.pattern))
        if isinstance(pattern, URLResolver) and not pattern.namespace:
            yield from flat(pattern.url_patterns, route)
        elif isinstance(pattern, URLResolver):
            yield path(route, include((list(flat(pattern.url_patterns)), pattern.app_name)))
        else:
            yield path(route, pattern.callback, pattern.default_args, pattern.name)


def machina(patterns, namespace: str):
    return include((list(flat(patterns)), namespace))


urlpatterns = [
    path("", machina(ForumURLs().get_urlpatterns(), ForumURLs.app_namespace)),
    path("", machina(ConversationURLs().get_urlpatterns(), ConversationURLs.app_namespace)),
    path("member/", machina(member_urls.get_urlpatterns(), member_urls.app_namespace)),
    path("moderation/", machina(moderation_urls.get_urlpatterns(), moderation_urls.app_namespace)),
    path("tracking/", machina(tracking_urls.get_urlpatterns(), tracking_urls.app_namespace)),
]
