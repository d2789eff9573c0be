from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify

from extranet import registry

OTHERS = "Autres"


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

    def get_app_list(self, request, app_label=None):
        """The admin home (and its side menu) by task: the sections the apps register, in their order.

        A model no section names is listed under « Autres », so nothing registered disappears by
        mistake. Technical sections (the forum engine's bookkeeping) are left out, even for
        superusers — the first CCI agent is one: their pages stay reachable from their app's own page
        (`app_label`, Django's), for whoever maintains the site.
        """
        if app_label is not None:
            return super().get_app_list(request, app_label)
        sections = registry.admin_sections()
        groups = {s.title: [] for s in sections if not s.technical}
        urls = {}
        for app in self._build_app_dict(request).values():
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name']}"
                section = next((s for s in sections if s.holds(label)), None)
                title = section.title if section else OTHERS
                if title in groups or title == OTHERS:
                    groups.setdefault(title, []).append(model)
                    urls.setdefault(title, app["app_url"])
        return [
            {
                "name": title,
                "app_label": slugify(title),
                "app_url": urls[title],
                "has_module_perms": True,
                "models": sorted(models, key=lambda m: m["name"].lower()),
            }
            for title, models in groups.items()
            if models
        ]
