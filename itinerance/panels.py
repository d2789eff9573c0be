"""What the itinerant cell adds to the home page."""

from itinerance.labelling import sites_to_stop
from itinerance.permissions import is_coordinator


def stops_panel(request):
    """For the coordinator: the sites whose commune now has a labelled France Services."""
    if not is_coordinator(request.user):
        return None
    rows = sites_to_stop()
    return {"rows": rows} if rows else None
