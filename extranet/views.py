import logging
import uuid

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from extranet import registry
from extranet.enums import Role
from extranet.forms import EmailSettingsForm, ProfileForm

logger = logging.getLogger(__name__)


def home(request):
    # The panels compute their context as they are rendered ({% home_panels %}): a cached one runs no query.
    return render(
        request,
        "extranet/home.html",
        {
            "role": Role(request.user.role),
            "panels": registry.home_panels_for(request.user),
            "links": registry.home_links_for(request.user),
        },
    )


def account(request):
    """« Mon compte »: profile, every e-mail setting in one form, what apps add, security links.

    Two forms on one page; the hidden `form` field of the one sent says which.
    """
    sent = request.POST.get("form") if request.method == "POST" else None
    forms = {
        "profile": ProfileForm(request.POST if sent == "profile" else None, instance=request.user),
        "emails": EmailSettingsForm(request.POST if sent == "emails" else None, user=request.user),
    }
    if sent in forms and forms[sent].is_valid():
        forms[sent].save()
        messages.success(
            request,
            "Votre profil est enregistré." if sent == "profile" else "Vos choix d'e-mails sont enregistrés.",
        )
        return redirect("account")
    return render(
        request,
        "extranet/account.html",
        {
            "profile_form": forms["profile"],
            "email_form": forms["emails"],
            "panels": registry.panels_with_context(registry.account_panels_for(request.user), request),
            "has_totp": Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists(),
        },
    )


def login_email(request):
    """allauth's page to add addresses and choose the primary one, closed: the login address comes
    from the list of authorised people and only the CCI changes it (docs/decisions.md)."""
    messages.info(
        request,
        "Votre adresse de connexion est celle de la liste des personnes autorisées\u00a0: "
        "pour la changer, adressez-vous à l'animateur du réseau (CCI).",
    )
    return redirect("account")


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 30)
    found = cache.get(key)
    cache.delete(key)
    if found != "ok":
        raise RuntimeError("the cache did not give the probe back")


def _check_storage() -> None:
    name = default_storage.save(f"healthz-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as probe:
            found = probe.read()
    finally:
        default_storage.delete(name)
    if found != b"ok":
        raise RuntimeError("the storage did not give the probe back")


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "storage": _check_storage}


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database, the cache and the file storage all work; 503 naming those that fail.

    For the load balancer and the container. The answer never carries an error's detail (it is
    public): the reason goes to the log, at WARNING so that a long outage does not become one error
    report per probe.
    """
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("Health check failed: %s", name, exc_info=True)
            checks[name] = "unavailable"
        else:
            checks[name] = "ok"
    failing = [name for name, state in checks.items() if state != "ok"]
    if failing:
        return JsonResponse({"status": "error", "failing": failing, "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})


LEGAL_PAGES = {
    "mentions-legales": "extranet/legal/mentions_legales.html",
    "donnees-personnelles": "extranet/legal/donnees_personnelles.html",
    "accessibilite": "extranet/legal/accessibilite.html",
}


@login_not_required
def legal_page(request, template_name):
    # The data-protection page states how long the persons' data of home visits is kept.
    return render(request, template_name, {"home_visit_retention_days": settings.HOME_VISIT_RETENTION_DAYS})
