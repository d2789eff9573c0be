"""What home visits add to the home page: the booking point's requests, the cell's queue and day."""

from django.urls import NoReverseMatch, reverse

from itinerance import permissions
from itinerance.enums import VisitStatus
from itinerance.visits import HomeVisitRequest

# The schedule pages a booking point reads to tell a person when the cell next passes nearby.
SCHEDULE_PAGES = [("Calendrier des passages de la cellule itinérante", "itinerance:tour_list")]


def schedule_links() -> list[dict]:
    links = []
    for label, url_name in SCHEDULE_PAGES:
        try:
            reverse(url_name)
        except NoReverseMatch:  # the page is not there (yet)
            continue
        links.append({"label": label, "url_name": url_name})
    return links


def home_visits_panel(request):
    user = request.user
    in_cell, books = permissions.is_in_cell(user), permissions.can_book(user)
    if not (in_cell or books):
        return None
    context = {"in_cell": in_cell, "books": books, "schedule_links": schedule_links()}
    if in_cell:
        context["waiting"] = HomeVisitRequest.objects.filter(status=VisitStatus.SUBMITTED).count()
    if books:
        mine = HomeVisitRequest.objects.requested_by(user).open()
        context["mine_open"] = mine.count()
        context["mine_latest"] = list(mine.select_related("commune").order_by("-created_at")[:5])
    return context
