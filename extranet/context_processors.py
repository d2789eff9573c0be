from django.conf import settings

from extranet import registry


def layout(request):
    user = getattr(request, "user", None)
    nav = registry.nav_entries_for(user) if user is not None and user.is_authenticated else []
    # The site-wide search is not among the pages a guichet account may open: no search box for it.
    return {
        "site_name": settings.EXTRANET_NAME,
        "main_nav": nav,
        "shows_search": user is not None and not registry.is_guichet(user),
    }
