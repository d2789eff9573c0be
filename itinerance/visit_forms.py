"""Forms of home visits (request, scheduling, queue filter) and of a passage's counts on the road."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annuaire.enums import Weekday
from annuaire.models import Commune, Domain, Partner
from extranet.typography import plural, punctuate
from itinerance.enums import DayPart, PassageStatus, VisitReason
from itinerance.models import Passage, PassageCount, Unit, count_label
from itinerance.visits import HomeVisitRequest


class HomeVisitRequestForm(forms.ModelForm):
    preferred_days = forms.TypedMultipleChoiceField(
        label="Jours préférés",
        choices=[(day.value, day.label.capitalize()) for day in Weekday if day < Weekday.SATURDAY],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HomeVisitRequest
        fields = [
            "commune",
            "person_name",
            "person_phone",
            "address",
            "reason",
            "partner",
            "theme",
            "preferred_days",
            "preferred_part",
            "consent",
        ]
        widgets = {"reason": forms.RadioSelect, "preferred_part": forms.RadioSelect}
        help_texts = {
            "person_phone": "Pour que la cellule convienne du rendez-vous avec la personne.",
            "theme": "La nature de l'aide seulement : aucun détail sur la situation de la personne.",
            "consent": "Obligatoire : la date de l'accord est enregistrée avec la demande.",
        }

    def __init__(self, *args, user, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commune"].queryset = Commune.objects.order_by("name")
        if communes:
            self.fields["commune"].initial = communes[0]
        self.fields["consent"].required = True
        # Radios without Django's « --------- » choice.
        self.fields["reason"].choices = VisitReason.choices
        self.fields["preferred_part"].choices = DayPart.choices

    def clean_preferred_days(self):
        return ",".join(str(day) for day in sorted(self.cleaned_data["preferred_days"]))

    def save(self, commit=True):
        self.instance.requested_by = self.user
        self.instance.consent_at = timezone.now()
        return super().save(commit)


class ScheduleForm(forms.Form):
    date = forms.DateField(label="Date de la visite", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    unit = forms.ModelChoiceField(label="Unité", queryset=Unit.objects.none(), required=False)
    # Shown only once the page has said what the date clashes with (a passage of the unit elsewhere, a
    # journey too short, another visit): the visit is then scheduled anyway. `warned_for` carries the
    # moment and unit the warning was about, so a box ticked for another moment does not count.
    confirm = forms.BooleanField(
        label="Planifier quand même, malgré les points signalés ci-dessus", required=False
    )
    warned_for = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")

    def moment_key(self) -> str:
        unit = self.cleaned_data["unit"]
        return f"{self.when().isoformat()}/{unit.pk if unit else ''}"

    def confirmed(self) -> bool:
        return self.cleaned_data["confirm"] and self.cleaned_data["warned_for"] == self.moment_key()

    def warn(self) -> None:
        """Ask for the confirmation of this moment and unit (the warnings are the page's)."""
        self.data = self.data.copy()
        self.data["warned_for"] = self.moment_key()
        self.add_error(
            "confirm",
            "Cochez la case pour planifier la visite malgré les points signalés, ou choisissez un autre "
            "moment.",
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir.")
        return day

    def when(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class QueueFilterForm(forms.Form):
    commune = forms.ModelChoiceField(
        label="Commune", queryset=Commune.objects.none(), required=False, empty_label="Toutes"
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


COUNT_FIELDS = ["people_received", "level_1", "level_2", "oriented_to_mds", "digital_sessions"]
# Empty partner-and-theme lines offered under those already saved: a phone without JavaScript cannot
# add a line, and a passage rarely needs more.
EMPTY_COUNT_LINES = 2


def _large_number():
    return forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "form-control-lg"})


@dataclass(frozen=True)
class CountChoices:
    """The partners and themes the lines offer, loaded once for every passage of the page (2 queries)."""

    partners: tuple[tuple[int, str], ...]
    themes: tuple[tuple[int, str], ...]

    @classmethod
    def load(cls, passages=()) -> "CountChoices":
        """The national partners and those active in the département (present in a structure or with a
        referent in the directory), plus any already counted on `passages` (counts prefetched)."""
        counted = {count.partner_id for passage in passages for count in passage.counts.all()}
        partners = (
            Partner.objects.filter(
                Q(is_national=True)
                | Q(structures_present__isnull=False)
                | Q(referents__isnull=False)
                | Q(pk__in=counted - {None})
            )
            .distinct()
            .order_by("-is_national", "name")
        )
        return cls(
            tuple((partner.pk, str(partner)) for partner in partners),
            tuple(Domain.objects.order_by("name").values_list("pk", "name")),
        )

    def label(self, partner_id: int | None, theme_id: int | None) -> str:
        return count_label(dict(self.partners).get(partner_id), dict(self.themes).get(theme_id))


class PassageCountLineForm(forms.Form):
    """One line « partenaire / thème / personnes »: a line left empty is no line."""

    partner = forms.TypedChoiceField(label="Partenaire", coerce=int, required=False, empty_value=None)
    theme = forms.TypedChoiceField(label="Thème", coerce=int, required=False, empty_value=None)
    people = forms.IntegerField(
        label="Personnes",
        min_value=1,
        required=False,
        widget=_large_number(),
        error_messages={"min_value": "Au moins 1 personne ; pour retirer la ligne, videz-la."},
    )

    def __init__(self, *args, choices: CountChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "—"), *choices.partners]
        self.fields["theme"].choices = [("", "—"), *choices.themes]
        for name in ("partner", "theme"):
            self.fields[name].widget.attrs["class"] = "form-select-lg"

    def clean(self):
        data = super().clean()
        partner, theme, people = data.get("partner"), data.get("theme"), data.get("people")
        if self.errors or (partner is None and theme is None and people is None):
            return data
        if people is None:
            self.add_error("people", "Indiquez le nombre de personnes.")
        try:
            PassageCount(partner_id=partner, theme_id=theme, people=people or 0).clean()
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def line(self) -> PassageCount | None:
        """The line as a count to save (without its passage), None when left empty."""
        data = self.cleaned_data
        if data.get("people") is None:
            return None
        return PassageCount(partner_id=data["partner"], theme_id=data["theme"], people=data["people"])


class BasePassageCountLines(forms.BaseFormSet):
    """The passage's lines, checked together: a partner and theme once, and no partner counting more
    people than the passage received."""

    def __init__(self, *args, choices: CountChoices, totals: "PassageCountsForm", **kwargs):
        self.choices, self.totals = choices, totals
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"choices": self.choices}

    def lines(self) -> list[tuple[int, PassageCount]]:
        """The filled lines with their numbers as shown (« ligne 3 »)."""
        numbered = ((number, form.line()) for number, form in enumerate(self.forms, start=1))
        return [(number, line) for number, line in numbered if line is not None]

    def clean(self):
        if any(self.errors):
            return
        errors, first_seen, by_partner = [], {}, defaultdict(list)
        for number, line in self.lines():
            key = (line.partner_id, line.theme_id)
            label = self.choices.label(*key)
            if key in first_seen:
                errors.append(f"Ligne {number} : {label} figure déjà à la ligne {first_seen[key]}.")
            first_seen.setdefault(key, number)
            if line.partner_id is not None:
                by_partner[line.partner_id].append((number, line.people))
        received = self.totals.cleaned_data.get("people_received")
        for partner_id, lines in by_partner.items():
            total = sum(people for _number, people in lines)
            if received is not None and total > received:
                numbers = [str(number) for number, _people in lines]
                where = (
                    f"à la ligne {numbers[0]}"
                    if len(numbers) == 1
                    else f"aux lignes {', '.join(numbers[:-1])} et {numbers[-1]}"
                )
                errors.append(
                    f"{self.choices.label(partner_id, None)} : {plural(total, 'personne')} {where}, "
                    f"plus que les {plural(received, 'personne reçue')} du passage."
                )
        if errors:
            raise ValidationError([punctuate(error) for error in errors])


PassageCountLines = forms.formset_factory(
    PassageCountLineForm, formset=BasePassageCountLines, extra=EMPTY_COUNT_LINES
)


class PassageCountsForm(forms.ModelForm):
    """The few numbers an agent types on a phone after a passage: people received and what was done,
    and the lines « partenaire / thème / personnes » (`self.lines`), saved together or not at all."""

    class Meta:
        model = Passage
        fields = COUNT_FIELDS
        widgets = {name: _large_number() for name in COUNT_FIELDS}

    def __init__(self, *args, choices: CountChoices, **kwargs):
        kwargs.setdefault("prefix", f"passage-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        self.fields["people_received"].required = True
        saved = sorted(self.instance.counts.all(), key=lambda count: choices.label(count.partner_id, None))
        # A page opened before the lines existed posts none: its saved lines are then left as they are.
        self.lines_sent = f"{self.prefix}-lignes-TOTAL_FORMS" in self.data
        self.lines = PassageCountLines(
            self.data if self.lines_sent else None,
            prefix=f"{self.prefix}-lignes",
            initial=[{"partner": c.partner_id, "theme": c.theme_id, "people": c.people} for c in saved],
            choices=choices,
            totals=self,
        )

    def is_valid(self):
        if not self.lines_sent:
            return super().is_valid()
        return all([super().is_valid(), self.lines.is_valid()])  # both checked: every error shown

    @transaction.atomic
    def save_counts(self, by) -> Passage:
        """The totals, the passage held, and its lines in place of those saved before: all or nothing."""
        # A second tap on a slow connection waits for the first post here, then replaces its lines
        # (rather than colliding with them on the unique constraint).
        list(Passage.objects.select_for_update().filter(pk=self.instance.pk).values_list("pk"))
        passage = self.save(commit=False)
        passage.status = PassageStatus.HELD
        passage.counts_recorded_at, passage.counts_recorded_by = timezone.now(), by
        passage.save()
        if not self.lines_sent:
            return passage
        passage.counts.all().delete()
        lines = [line for _number, line in self.lines.lines()]
        for line in lines:
            line.passage = passage
        PassageCount.objects.bulk_create(lines)
        return passage
