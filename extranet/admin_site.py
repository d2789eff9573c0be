from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class ExtranetAdminSite(admin.AdminSite):
    site_header = "Administration de l'extranet France Services 82"
    site_title = "Administration — Extranet France Services 82"
    index_title = "Tableau de bord de l'animation (CCI)"

    def login(self, request, extra_context=None):
        """One login page for everyone: allauth's, which enforces rate limits and the second factor."""
        if request.user.is_authenticated:
            # A logged-in member without admin access: allauth's login page would send them straight
            # back to the admin, which sends them here again (a redirect loop). Refuse instead.
            raise PermissionDenied
        next_url = request.GET.get(REDIRECT_FIELD_NAME, reverse("admin:index"))
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
