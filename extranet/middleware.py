import logging

from allauth.mfa.models import Authenticator
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse

from extranet import counters, registry
from extranet.clientip import client_ip
from extranet.models import DailyUsage
from extranet.views import healthz

logger = logging.getLogger(__name__)


class StaffSecondFactorMiddleware:
    """Keep staff out of the admin until their account has a second factor (TOTP).

    Once TOTP is active, allauth asks for the code at every login, so a stolen password alone no
    longer opens the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "L'administration exige un second facteur d'authentification. "
                "Activez une application d'authentification (TOTP) pour continuer.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class UsageMiddleware:
    """Count each HTML page a logged-in person views, for the yearly usage report.

    The count is written once the page has left: the WSGI server closes the response after sending
    it, and the response's closers run then, before the request's database connection is released.
    Its UPDATE and commit (10 to 30 ms under load, docs/benchmarks.md) no longer delay the page; every
    view is still counted, and a count the database refuses is logged instead of failing the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and request.user.is_authenticated
        ):
            user = request.user
            response._resource_closers.append(lambda: self.count(user))
        return response

    @staticmethod
    def count(user) -> None:
        try:
            # One commit per page viewed: waiting for the disk each time held the worker (1–30 ms).
            with counters.commit_without_waiting():
                DailyUsage.record(user, page_views=1)
        except DatabaseError:  # the closers' errors would be swallowed without a trace
            logger.exception("Page view not counted (user %s).", user.pk)


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect.

    Load balancers and the container's health check call each host by its internal address over
    plain HTTP; they must get the database status, not a 400 (unknown host) or a 301 (to HTTPS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class TrustedProxyAuditlogMiddleware(AuditlogMiddleware):
    """auditlog's middleware, recording the address our proxy saw rather than the first value of
    X-Forwarded-For, which the client writes itself."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)


class GuichetScopeMiddleware:
    """Keep guichet accounts (town-hall secretariats, MDS) to what they are given: their home, their
    account and its security pages (allauth's), the legal pages, and the pages apps declare open to
    them (`registry.open_to_guichet`). Any other URL answers 403, whatever its own view checks, so a
    page added tomorrow is closed to them until its app opens it on purpose.
    """

    CORE_PAGES = frozenset({"home", "account", "account_email"})
    CORE_NAMESPACES = ("legal:",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (request.user.is_authenticated and registry.is_guichet(request.user)):
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if (
            view_name in self.CORE_PAGES
            or view_name.startswith(self.CORE_NAMESPACES)
            or view_func.__module__.startswith("allauth.")
            or registry.reaches(request.user, view_name)
        ):
            return None
        raise PermissionDenied
