"""factory_boy factories shared by every app's tests, and the sample files they upload.

Import them from `tests.factories`; a helper that builds test data belongs here, not in a conftest.py
or a test module.
"""

import datetime as dt
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from machina.apps.forum_conversation.models import Post, Topic
from PIL import Image

from annuaire.enums import Recurrence, StructureKind, StructureStatus, Weekday
from annuaire.models import (
    Commune,
    Domain,
    ExceptionalClosure,
    Membership,
    OpeningHours,
    Partner,
    Permanence,
    Referent,
    Structure,
)
from calendrier.enums import Audience, EventKind
from calendrier.models import Event
from extranet.enums import Role
from extranet.models import User
from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.models import Document, News
from fichiers.validators import check_upload
from itinerance.enums import PassageStatus, RuleKind, SiteKind, VisitReason, VisitStatus
from itinerance.models import Passage, Rule, Site, Tour, Unit
from itinerance.visits import HomeVisitRequest

PASSWORD = "Motdepasse-de-test-82!"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.CONSEILLER
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(role=Role.ANIMATEUR, is_staff=True, is_superuser=True)
        inactive = factory.Trait(is_active=False)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = factory.Sequence(lambda n: f"82{500 + n % 500:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postal_code = "82000"


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"France Services n°{n}")
    slug = factory.Sequence(lambda n: f"france-services-{n}")
    kind = StructureKind.FIXED
    status = StructureStatus.LABELLED
    commune = factory.SubFactory(CommuneFactory)


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"partenaire-{n}")
    is_national = True


class OpeningHoursFactory(DjangoModelFactory):
    class Meta:
        model = OpeningHours

    structure = factory.SubFactory(StructureFactory)
    weekday = Weekday.MONDAY
    opens = dt.time(9)
    closes = dt.time(12)


class ClosureFactory(DjangoModelFactory):
    class Meta:
        model = ExceptionalClosure

    structure = factory.SubFactory(StructureFactory)
    starts_on = dt.date(2026, 12, 24)
    ends_on = dt.date(2026, 12, 26)
    reason = "Fêtes de fin d'année"


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Domaine {n}")
    slug = factory.Sequence(lambda n: f"domaine-{n}")


class PartnerReferentFactory(DjangoModelFactory):
    """A referent listed in the directory (a contact card, with or without a user account)."""

    class Meta:
        model = Referent

    full_name = factory.Faker("name", locale="fr_FR")
    function = "Référent France Services"
    partner = factory.SubFactory(PartnerFactory)
    phone = factory.Sequence(lambda n: f"05 63 00 {n // 100 % 100:02d} {n % 100:02d}")
    email = factory.Sequence(lambda n: f"referent.contact{n}@example.org")
    territory = "Tout le département"


class PermanenceFactory(DjangoModelFactory):
    class Meta:
        model = Permanence

    partner = factory.SubFactory(PartnerFactory)
    structure = factory.SubFactory(StructureFactory)
    recurrence = Recurrence.WEEKLY
    weekday = Weekday.TUESDAY
    starts_at = dt.time(9)
    ends_at = dt.time(12)

    class Params:
        monthly = factory.Trait(recurrence=Recurrence.MONTHLY, weeks_of_month="2,4")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


def counsellor(structure=None, **kwargs) -> User:
    user = UserFactory(role=Role.CONSEILLER, **kwargs)
    MembershipFactory(user=user, structure=structure or StructureFactory())
    return user


def guichet(commune=None, **kwargs) -> User:
    """A town-hall secretariat or MDS desk: the guichet role, attached to its commune."""
    user = UserFactory(role=Role.GUICHET, **kwargs)
    MembershipFactory(user=user, commune=commune or CommuneFactory())
    return user


def user_admin_form_data(user, **changes):
    """What the admin's user change form posts for `user`, with `changes` (no membership rows)."""
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "job_title": user.job_title,
        "phone": user.phone,
        "is_active": "on" if user.is_active else "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **changes,
    }
    return {key: value for key, value in data.items() if value != ""}


def structure_form_data(hours=(), **fields):
    """A complete submission of the structure form, with `hours` as (weekday, opens, closes) rows."""
    data = {
        "email": "contact@example.org",
        "phone": "05 63 00 00 01",
        "horaires-TOTAL_FORMS": str(len(hours)),
        "horaires-INITIAL_FORMS": "0",
        "fermetures-TOTAL_FORMS": "0",
        "fermetures-INITIAL_FORMS": "0",
    }
    for i, (weekday, opens, closes) in enumerate(hours):
        data |= {
            f"horaires-{i}-weekday": weekday,
            f"horaires-{i}-opens": opens,
            f"horaires-{i}-closes": closes,
        }
    return data | fields


def referent(partner=None, **kwargs) -> User:
    user = UserFactory(role=Role.REFERENT, **kwargs)
    MembershipFactory(user=user, partner=partner or PartnerFactory())
    return user


# --- Sample files -----------------------------------------------------------------------------------


def png_bytes(size=(64, 48)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "navy").save(output, "PNG")
    return output.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
DOCX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS_BYTES = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document/>"}
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name="plaquette.pdf", content=PDF_BYTES, content_type="application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- News and files ---------------------------------------------------------------------------------


class NewsFactory(DjangoModelFactory):
    class Meta:
        model = News

    title = "Une actualité du réseau"
    body = "Le texte de l'actualité."
    category = NewsCategory.NETWORK
    author = None


class DocumentFactory(DjangoModelFactory):
    """A catalogue entry. `with_version=True` stores a PDF as its current version; `version=upload(…)`
    stores that file instead (checked as an upload is, by `check_upload`)."""

    class Meta:
        model = Document

    title = "Plaquette de la France Services"
    category = DocumentCategory.OTHER
    year = 2026
    uploaded_by = None

    class Params:
        with_version = factory.Trait(version=True)

    @classmethod
    def _create(cls, model_class, *args, version=None, **kwargs):
        document = super()._create(model_class, *args, **kwargs)
        if version:
            file = upload() if version is True else version
            document.add_version(file, check_upload(file), document.uploaded_by)
        return document


# --- Calendar ---------------------------------------------------------------------------------------


class EventFactory(DjangoModelFactory):
    """A valid upcoming event. `registrants=[users]` registers them in that order (places first, then
    the waiting list); `with_registrations=True` registers two new counsellors."""

    class Meta:
        model = Event

    kind = EventKind.TRAINING
    title = factory.Sequence(lambda n: f"Formation n°{n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    start_time = dt.time(9)
    end_date = factory.SelfAttribute("start_date")
    end_time = dt.time(12)
    visio_url = "https://visio.example.org/salle"
    organiser = factory.SubFactory(UserFactory, staff=True)
    audience = Audience.EVERYONE

    class Params:
        with_registrations = factory.Trait(registrants=2)

    @classmethod
    def _create(cls, model_class, *args, registrants=(), **kwargs):
        event = super()._create(model_class, *args, **kwargs)
        if isinstance(registrants, int):
            registrants = [counsellor() for _ in range(registrants)]
        for person in registrants:
            event.register(person)
        return event


# --- Forum ------------------------------------------------------------------------------------------

# What the post forms send for an empty attachment formset (the management form every page renders).
NO_ATTACHMENT = {
    "attachment-TOTAL_FORMS": "0",
    "attachment-INITIAL_FORMS": "0",
    "attachment-MIN_NUM_FORMS": "0",
    "attachment-MAX_NUM_FORMS": "15",
}


class PostFactory(DjangoModelFactory):
    """An answer in a topic."""

    class Meta:
        model = Post

    topic = None
    poster = factory.SubFactory(UserFactory)
    subject = factory.LazyAttribute(lambda post: f"Re : {post.topic.subject}")
    content = "Voici la réponse."


class TopicFactory(DjangoModelFactory):
    """A topic with its first post (`content`, by the topic's poster); `replies=n` adds n answers, by
    `replied_by` or else by new counsellors; `answered=True` adds one. machina updates the topic's
    counters as posts are saved: the topic returned is read again after them."""

    class Meta:
        model = Topic

    forum = None
    poster = factory.SubFactory(UserFactory)
    subject = "Une question"
    type = Topic.TOPIC_POST
    status = Topic.TOPIC_UNLOCKED

    class Params:
        answered = factory.Trait(replies=1)

    @classmethod
    def _create(cls, model_class, *args, content="Comment faire ?", replies=0, replied_by=None, **kwargs):
        topic = super()._create(model_class, *args, **kwargs)
        Post.objects.create(topic=topic, poster=topic.poster, subject=topic.subject, content=content)
        for _ in range(replies):
            PostFactory(topic=topic, poster=replied_by or counsellor())
        topic.refresh_from_db()
        return topic


# The itinerant cell. A unit belongs to an itinerant structure of the directory; `agents=n` gives it n
# new itinerant agents (or pass `agents=[user, …]`).


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Unité {n}")
    vehicle = factory.Sequence(lambda n: f"Véhicule AB-{n:03d}-CD")
    structure = factory.SubFactory(StructureFactory, kind=StructureKind.ITINERANT)

    @factory.post_generation
    def agents(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        people = (
            [UserFactory(role=Role.ITINERANT) for _ in range(extracted)]
            if isinstance(extracted, int)
            else extracted
        )
        self.agents.add(*people)


class TourFactory(DjangoModelFactory):
    class Meta:
        model = Tour

    name = factory.Sequence(lambda n: f"Tournée {n}")
    unit = factory.SubFactory(UnitFactory)


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Mairie {n}")
    kind = SiteKind.TOWN_HALL
    commune = factory.SubFactory(CommuneFactory)
    tour = factory.SubFactory(TourFactory)
    position = factory.Sequence(lambda n: n)
    address = "Place de la mairie"
    latitude = factory.Sequence(lambda n: f"{44 + (n % 50) / 100:.2f}")
    longitude = factory.Sequence(lambda n: f"{1.3 + (n % 50) / 100:.2f}")


class RuleFactory(DjangoModelFactory):
    """« 1er et 3e mardis du mois, 9 h – 12 h » unless told otherwise."""

    class Meta:
        model = Rule

    site = factory.SubFactory(SiteFactory)
    kind = RuleKind.MONTHLY
    weekday = Weekday.TUESDAY
    weeks_of_month = "1,3"
    starts_at = dt.time(9)
    ends_at = dt.time(12)


class PassageFactory(DjangoModelFactory):
    class Meta:
        model = Passage

    site = factory.SubFactory(SiteFactory)
    tour = factory.LazyAttribute(lambda passage: passage.site.tour or TourFactory())
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    starts_at = dt.time(9)
    ends_at = dt.time(12)
    status = PassageStatus.PLANNED

    class Params:
        cancelled = factory.Trait(status=PassageStatus.CANCELLED, public_reason="Panne du véhicule")
        held = factory.Trait(status=PassageStatus.HELD, people_received=5, level_1=4, level_2=1)


class HomeVisitRequestFactory(DjangoModelFactory):
    """A request booked by a town hall of its commune; `scheduled`, `done`, `cancelled` traits."""

    class Meta:
        model = HomeVisitRequest

    commune = factory.SubFactory(CommuneFactory)
    requested_by = factory.LazyAttribute(lambda visit: guichet(commune=visit.commune))
    person_name = "Jeanne Martin"
    person_phone = "06 12 34 56 78"
    address = "3 chemin des Vignes"
    reason = VisitReason.AGE
    consent = True
    consent_at = factory.LazyFunction(timezone.now)

    class Params:
        scheduled = factory.Trait(
            status=VisitStatus.SCHEDULED,
            scheduled_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3)),
        )
        done = factory.Trait(status=VisitStatus.DONE, closed_at=factory.LazyFunction(timezone.now))
        cancelled = factory.Trait(status=VisitStatus.CANCELLED, closed_at=factory.LazyFunction(timezone.now))


def itinerant_agent(unit=None, **kwargs) -> User:
    """An agent of the itinerant cell: the itinerant role, attached to the cell, riding `unit`."""
    unit = unit or UnitFactory()
    user = UserFactory(role=Role.ITINERANT, **kwargs)
    MembershipFactory(user=user, structure=unit.structure)
    unit.agents.add(user)
    return user


# --- Reporting --------------------------------------------------------------------------------------


class ContactReasonFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ContactReason"

    partner = factory.SubFactory(PartnerFactory)
    label = factory.Sequence(lambda n: f"Motif {n}")


class QuarterlyReportFactory(DjangoModelFactory):
    """A report with every figure given; `submitted=True` makes it transmitted; `partners={partner:
    requests}` adds its partner lines."""

    class Meta:
        model = "reporting.QuarterlyReport"
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    year = 2026
    quarter = 2
    people_received = 100
    requests_handled = 80
    level_two_requests = 5
    mds_orientations = 3
    individual_sessions = 20
    collective_sessions = 2

    class Params:
        submitted = factory.Trait(status="transmis", submitted_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def partners(report, create, extracted, **kwargs):
        for partner, requests in (extracted or {}).items():
            report.partner_lines.create(partner=partner, requests=requests)


def report_form_data(action="save", partners=None, reasons=None, **figures):
    """What the quarterly report form posts: every figure (defaults as QuarterlyReportFactory's),
    `partners={partner: requests}`, `reasons={reason: requests}`."""
    data = {
        "people_received": 100,
        "requests_handled": 80,
        "level_two_requests": 5,
        "mds_orientations": 3,
        "individual_sessions": 20,
        "collective_sessions": 2,
        "remarks": "",
        "action": action,
    }
    data |= {f"partenaire_{partner.pk}": value for partner, value in (partners or {}).items()}
    data |= {f"motif_{reason.pk}": value for reason, value in (reasons or {}).items()}
    return {key: value for key, value in (data | figures).items() if value is not None}
