"""Seeing what happens in production: error reports (Sentry-compatible) and one log line per request.

Errors: when `SENTRY_DSN` is set, `init_sentry()` (called by the settings) sends unhandled errors and
`logger.error` records to that service — Sentry itself or a compatible one (GlitchTip, self-hosted
Sentry). Nothing personal leaves: `send_default_pii` is off (no user e-mail, address, cookies), the
request body is never sent, the query string is dropped (a search or filter may carry a name), the
local variables of the stack frames are not sent, and `scrub_event` keeps only the user's id.
Without `SENTRY_DSN`, the SDK is never initialised: nothing is sent, nothing is tried.

Requests: `RequestLogMiddleware` writes one line per request on the `extranet.requests` logger —
method, path without its query string (secret parts of the address masked), status, duration and
view name, plus the user's id (never their e-mail) — at INFO, or at WARNING when the request took
longer than `EXTRANET_SLOW_REQUEST_MS` (1,000 ms by default).
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError

request_logger = logging.getLogger("extranet.requests")

# URL parameters whose value is a secret (password reset keys, calendar feed tokens): masked in logs.
SECRET_URL_PARAMETERS = ("key", "token", "uidb36", "uidb64")


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Last check before an event leaves: no query string, body, cookies or user detail but the id."""
    request = event.get("request")
    if request:
        request.pop("query_string", None)
        request.pop("data", None)
        request.pop("cookies", None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers") or {}
        for name in list(headers):
            if name.lower() in ("cookie", "authorization", "x-csrftoken", "x-forwarded-for", "x-real-ip"):
                del headers[name]
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def init_sentry(dsn: str, environment: str = "production", release: str | None = None, **options) -> None:
    """Start sending errors to the service at `dsn` (`options` for the tests: a stub transport)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        # send_default_pii stays off by being left unset: the SDK's default, and passing it at all is
        # deprecated since sentry-sdk 2.75 (the test checks `should_send_default_pii()` is False).
        max_request_body_size="never",
        include_local_variables=False,
        # Errors only: performance tracing would cost CPU on every request (the request log covers time).
        traces_sample_rate=0,
        before_send=scrub_event,
        **options,
    )


def _logged_path(request) -> str:
    """The path without its query string, with the secret parts of the address masked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match:
        for name, value in match.kwargs.items():
            if any(secret in name for secret in SECRET_URL_PARAMETERS) and str(value):
                path = path.replace(str(value), "***")
    return path


def _logged_user(request) -> str:
    """The id of the request's person, "-" when anonymous, "?" when the database cannot say.

    Reading it may load the session and the user, for a request that never did (an error before
    the view): when the database is what failed, the request's line must still be written."""
    user = getattr(request, "user", None)
    try:
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except DatabaseError:
        return "?"


class RequestLogMiddleware:
    """One line per request: method, path, status, duration, view (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        slow = duration_ms > settings.EXTRANET_SLOW_REQUEST_MS
        match = getattr(request, "resolver_match", None)
        request_logger.log(
            logging.WARNING if slow else logging.INFO,
            "%s %s %s %d ms view=%s user=%s%s",
            request.method,
            _logged_path(request),
            response.status_code,
            round(duration_ms),
            (match.view_name if match else "-"),
            _logged_user(request),
            " SLOW" if slow else "",
            extra={
                "method": request.method,
                "path": _logged_path(request),
                "status": response.status_code,
                "duration_ms": round(duration_ms),
                "view": match.view_name if match else None,
                "slow": slow,
            },
        )
        return response
