"""factory_boy factories shared by every app's tests."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

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
from extranet.enums import Role
from extranet.models import User

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


def referent(partner=None, **kwargs) -> User:
    user = UserFactory(role=Role.REFERENT, **kwargs)
    MembershipFactory(user=user, partner=partner or PartnerFactory())
    return user
