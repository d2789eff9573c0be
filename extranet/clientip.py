"""The address of the person behind a request, as far as it can be trusted.

Behind the load balancer `REMOTE_ADDR` is the balancer's own address, the same for everyone. The
client writes whatever it likes into `X-Forwarded-For`; each proxy then *appends* the address it
received the request from. So only the entries our own proxies added can be trusted: counting
`ALLAUTH_TRUSTED_PROXY_COUNT` entries from the right gives the address the outermost trusted proxy
saw. A proxy that writes the address in a header of its own is named by
`ALLAUTH_TRUSTED_CLIENT_IP_HEADER` instead.

One helper for every use (allauth's rate limits and sessions list through `AccountAdapter`, the audit
log through `AuditlogMiddleware`), so they always agree on who did what.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    """The address in `value` without a port, or None when it is not an IP address."""
    value = (value or "").strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: from the trusted proxy when there is one, else `REMOTE_ADDR`."""
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    if header:
        return _clean(request.headers.get(header))
    proxy_count = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [item for item in request.headers.get("X-Forwarded-For", "").split(",") if item.strip()]
    if proxy_count and len(forwarded) >= proxy_count:
        return _clean(forwarded[-proxy_count])
    # No trusted proxy, or a request that did not come through it (its header cannot be trusted).
    return _clean(request.META.get("REMOTE_ADDR"))
