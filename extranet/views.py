from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from extranet import registry
from extranet.enums import Role
from extranet.forms import EmailSettingsForm, ProfileForm


def home(request):
    panels = registry.panels_with_context(registry.home_panels(), request)
    return render(
        request,
        "extranet/home.html",
        {"role": Role(request.user.role), "panels": panels, "links": registry.home_links_for(request.user)},
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
            "panels": registry.panels_with_context(registry.account_panels(), request),
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


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for the load balancer and the container)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


LEGAL_PAGES = {
    "mentions-legales": "extranet/legal/mentions_legales.html",
    "donnees-personnelles": "extranet/legal/donnees_personnelles.html",
    "accessibilite": "extranet/legal/accessibilite.html",
}


@login_not_required
def legal_page(request, template_name):
    return render(request, template_name)
