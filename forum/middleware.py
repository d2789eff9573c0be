"""Attach our forum permission handler to each request (in place of machina's middleware).

machina's own middleware also stores a random key in the session of every anonymous visitor, for
anonymous posting. Nobody anonymous may see the forum here, so that session write is left out.
"""

from forum.permissions import ForumPermissionHandler


class ForumPermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.forum_permission_handler = ForumPermissionHandler()
        return self.get_response(request)
