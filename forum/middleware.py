"""Attach our forum permission handler to each request (in place of machina's middleware), and
answer 404 when one of machina's pages is asked for an object that does not exist.

machina's own middleware also stores a random key in the session of every anonymous visitor, for
anonymous posting. Nobody anonymous may see the forum here, so that session write is left out.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from forum.permissions import ForumPermissionHandler

logger = logging.getLogger(__name__)


class ForumPermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.forum_permission_handler = ForumPermissionHandler()
        return self.get_response(request)


class MachinaNotFoundMiddleware:
    """A machina page asked for an object that does not exist answers 404, not 500.

    machina's views look some of their objects up with `Model.objects.get()`, so an id that does not
    exist raises instead of giving a « page not found » (malformed ids are refused by the URLs, see
    forum/machina_urls.py). Only machina's views (and ours built on them) are concerned; the other
    views of the site use get_object_or_404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        view = getattr(match.func, "view_class", match.func) if match else None
        machina_view = view is not None and any(
            cls.__module__.startswith("machina.") for cls in getattr(view, "__mro__", [view])
        )
        if machina_view and isinstance(exception, ObjectDoesNotExist):
            logger.info("machina view %s: %r answered as 404", match.view_name, exception)
            raise Http404("Page introuvable.") from exception
        return None
