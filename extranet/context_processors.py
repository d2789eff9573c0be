from django.conf import settings

from extranet import registry


def layout(request):
    user = getattr(request, "user", None)
    nav = registry.nav_entries_for(user) if user is not None and user.is_authenticated else []
    return {"site_name": settings.EXTRANET_NAME, "main_nav": nav}
