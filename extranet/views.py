from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from extranet import registry
from extranet.enums import Role


def home(request):
    panels = []
    for panel in registry.home_panels():
        context = panel.get_context(request)
        if context:
            panels.append({"template_name": panel.template_name, "context": context})
    return render(
        request,
        "extranet/home.html",
        {"role": Role(request.user.role), "panels": panels, "links": registry.home_links_for(request.user)},
    )


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
