"""One person, one directory record: `Referent.user` becomes one-to-one, and the referent accounts
that had no record get one (see annuaire.people, which keeps them in step from now on)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

from extranet.search.text import search_key


def keep_one_record_per_account(apps, schema_editor):
    """An account tied to several records keeps the oldest; the others become records without account."""
    referent = apps.get_model("annuaire", "Referent")
    seen = set()
    for pk, user_id in referent.objects.filter(user__isnull=False).order_by("pk").values_list("pk", "user_id"):
        if user_id in seen:
            referent.objects.filter(pk=pk).update(user=None)
        seen.add(user_id)


def give_referent_accounts_a_record(apps, schema_editor):
    """Accounts of partners' referents without a record: take theirs (same e-mail or name), or create it."""
    referent = apps.get_model("annuaire", "Referent")
    membership = apps.get_model("annuaire", "Membership")
    attachments = (
        membership.objects.filter(
            is_active=True,
            partner__isnull=False,
            user__is_active=True,
            user__role="referent",
            user__referent_record__isnull=True,
        )
        .select_related("user")
        .order_by("created_at", "pk")
    )
    for attachment in attachments:
        user = attachment.user
        if referent.objects.filter(user=user).exists():
            continue  # attached to two partners: the first one keeps the record
        name = f"{user.first_name} {user.last_name}".strip() or user.email.split("@")[0]
        free = referent.objects.filter(partner_id=attachment.partner_id, user__isnull=True)
        addresses = Q(email__iexact=user.email) | (
            Q(email__iexact=user.contact_email) if user.contact_email else Q(pk__in=[])
        )
        record = free.filter(addresses).order_by("pk").first() or free.filter(full_name__iexact=name).first()
        if record is None:
            taken = set(referent.objects.filter(partner_id=attachment.partner_id).values_list("full_name", flat=True))
            full_name, number = name, 1
            while full_name in taken:
                number += 1
                full_name = f"{name} ({number})"
            record = referent(partner_id=attachment.partner_id, full_name=full_name)
        record.user = user
        record.function = user.job_title
        record.phone = user.phone[:20]
        record.email = user.contact_email
        record.search_title = search_key(record.full_name)
        record.save()


class Migration(migrations.Migration):
    dependencies = [
        ("annuaire", "0013_structure_kind_mds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_one_record_per_account, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referent",
            name="user",
            field=models.OneToOneField(
                blank=True,
                help_text="Avec un compte, le nom, la fonction, le téléphone et l'e-mail sont ceux de son profil.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="referent_record",
                to=settings.AUTH_USER_MODEL,
                verbose_name="compte sur l'extranet",
            ),
        ),
        migrations.RunPython(give_referent_accounts_a_record, migrations.RunPython.noop),
    ]
