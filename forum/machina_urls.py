"""machina's pages, with our index and without machina's search and feeds.

The search (haystack) finds nothing with its simple backend (PITFALLS.md): the site-wide search covers
posts instead. The feeds are left out as well: nothing of the forum leaves the extranet.

machina nests its topic routes in an include under `forum/<slug>-<pk>/`; they are flattened here so
that each route declares all of its parameters (tests/extranet/test_access.py reverses every route
with the parameters it declares).
"""

from django.urls import URLResolver, include, path
from machina.apps.forum.urls import ForumURLPatternsFactory
from machina.apps.forum_conversation.urls import ForumConversationURLPatternsFactory
from machina.apps.forum_member.urls import urlpatterns_factory as member_urls
from machina.apps.forum_moderation.urls import urlpatterns_factory as moderation_urls
from machina.apps.forum_tracking.urls import urlpatterns_factory as tracking_urls

from forum import views


class ForumURLs(ForumURLPatternsFactory):
    index_view = views.IndexView


class ConversationURLs(ForumConversationURLPatternsFactory):
    topic_create_view = views.TopicCreateView
    topic_update_view = views.TopicUpdateView
    post_create_view = views.PostCreateView
    post_update_view = views.PostUpdateView


def flat(patterns, prefix=""):
    """`patterns` with each anonymous include replaced by its routes, prefixed with the include's route."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and not pattern.namespace:
            yield from flat(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLResolver):
            yield path(prefix + str(pattern.pattern), include((pattern.url_patterns, pattern.app_name)))
        else:
            yield path(prefix + str(pattern.pattern), pattern.callback, pattern.default_args, pattern.name)


urlpatterns = [
    path("", include(ForumURLs().urlpatterns)),
    path("", include((list(flat(ConversationURLs().get_urlpatterns())), ConversationURLs.app_namespace))),
    path("member/", include(member_urls.urlpatterns)),
    path("moderation/", include(moderation_urls.urlpatterns)),
    path("tracking/", include(tracking_urls.urlpatterns)),
]
