"""The national list of France Services as data.gouv.fr publishes it, built in code for the tests.

`national_rows()` gives a header and realistic rows: Tarn-et-Garonne structures with accents, an
itinerant one whose comment lists its stops, a day closed, a Saturday morning, 15-decimal
coordinates, and rows of other départements. `national_csv(rows)` writes them as the national file
(UTF-8, `,`). `whole_country(n)` makes a file of the national size for the benchmark.
"""

import csv
import io

from annuaire.national import COLUMNS

MOLIERES = {
    "id_fs": "1234",
    "insee_dep": "82",
    "lib_fs": "France Services de Molières",
    "adresse": "2 place de la Mairie",
    "complement_adresse": "Bâtiment de l'ancienne poste",
    "insee_com": "82127",
    "code_postal": "82220",
    "lib_com": "Molières",
    "latitude": "44.193017363456789",
    "longitude": "1.364124057812345",
    "mail": "france-services@molieres.fr",
    "telephone": "05 63 24 00 01",
    "h_lundi": "09:00 - 12:00 / 13:30 - 17:00",
    "h_mardi": "09:00 - 12:00 / 13:30 - 17:00",
    "h_mercredi": "",
    "h_jeudi": "09:00 - 12:00 / 13:30 - 17:00",
    "h_vendredi": "09:00 - 12:00 / 13:30 - 16:30",
    "h_samedi": "09:00 - 12:00",
    "prise_rdv": "Oui",
    "commentaire": "Fermé le mercredi ; accès PMR par la rue de l'Église.",
    "type_fs": "France Services",
    "format_fs": "Fixe",
    "groupe_fs": "",
    "labellisation_fs": "Espace labellisé 01/01/2020",
}
ITINERANT = {
    "id_fs": "1235",
    "insee_dep": "82",
    "lib_fs": "France Services itinérante du Quercy Caussadais",
    "adresse": "Hôtel de ville, 1 place Léon Gambetta",
    "complement_adresse": "",
    "insee_com": "82037",
    "code_postal": "82300",
    "lib_com": "Caussade",
    "latitude": "44.161234",
    "longitude": "1.537512345678901",
    "mail": "bus.france-services@quercycaussadais.fr",
    "telephone": "06 12 34 56 78",
    "h_lundi": "09:00 - 12:00 / 14:00 - 17:00",
    "h_mardi": "09:00 - 12:00 / 14:00 - 17:00",
    "h_mercredi": "09:00 - 12:00",
    "h_jeudi": "09:00 - 12:00 / 14:00 - 17:00",
    "h_vendredi": "09:00 - 12:00 / 14:00 - 17:00",
    "h_samedi": "",
    "prise_rdv": "Non",
    "commentaire": (
        "Lundi : Montesquieu (semaines paires), Mardi : Septfonds, Mercredi : Mouillac, "
        "Jeudi : Saint-Cirq, Vendredi : Lapenche (semaines impaires)"
    ),
    "type_fs": "France Services",
    "format_fs": "Itinérante",
    "groupe_fs": "CC du Quercy Caussadais",
    "labellisation_fs": "Espace labellisé 15/03/2021",
}
LAGUEPIE = {
    "id_fs": "1236",
    "insee_dep": "82",
    "lib_fs": "MSAP La Poste de Laguépie",
    "adresse": "Rue Principale",
    "complement_adresse": "",
    "insee_com": "82088",
    "code_postal": "82250",
    "lib_com": "Laguépie",
    "latitude": "44.1461",
    "longitude": "1.9697",
    "mail": "",
    "telephone": "05 63 30 20 11",
    "h_lundi": "",
    "h_mardi": "13:30 - 16:30",
    "h_mercredi": "13:30 - 16:30",
    "h_jeudi": "13:30 - 16:30",
    "h_vendredi": "13:30 - 16:30",
    "h_samedi": "09:00 - 11:30",
    "prise_rdv": "",
    "commentaire": "",
    "type_fs": "France Services",
    "format_fs": "Fixe_antenne(s)",
    "groupe_fs": "La Poste",
    "labellisation_fs": "Espace labellisé 01/07/2019",
}
TOULOUSE = {
    "id_fs": "3101",
    "insee_dep": "31",
    "lib_fs": "France Services de Toulouse Bagatelle",
    "adresse": "50 rue du Lot",
    "complement_adresse": "",
    "insee_com": "31555",
    "code_postal": "31100",
    "lib_com": "Toulouse",
    "latitude": "43.5829",
    "longitude": "1.4098",
    "mail": "fs.bagatelle@toulouse.fr",
    "telephone": "05 61 22 22 22",
    "h_lundi": "9h-12h",  # another département's odd cell: ignored with its row, never read
    "h_mardi": "",
    "h_mercredi": "",
    "h_jeudi": "",
    "h_vendredi": "",
    "h_samedi": "",
    "prise_rdv": "Oui",
    "commentaire": "",
    "type_fs": "France Services",
    "format_fs": "Fixe",
    "groupe_fs": "",
    "labellisation_fs": "Espace labellisé 01/01/2020",
}
AIN = {**TOULOUSE, "id_fs": "101", "insee_dep": "01", "insee_com": "01053", "code_postal": "01000",
       "lib_com": "Bourg-en-Bresse", "lib_fs": "France Services de Bourg-en-Bresse"}  # fmt: skip

STRUCTURES_82 = [MOLIERES, ITINERANT, LAGUEPIE]


def national_rows(*structures: dict, columns=COLUMNS) -> list[list[str]]:
    """Header and rows in `columns` order (the national order unless told); 82 and two others if none."""
    structures = structures or (TOULOUSE, MOLIERES, ITINERANT, AIN, LAGUEPIE)
    return [list(columns), *([structure.get(column, "") for column in columns] for structure in structures)]


def national_csv(rows, *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def whole_country(total: int = 2800, of_82: int = 25) -> bytes:
    """A national file of `total` rows, `of_82` of them in Tarn-et-Garonne, others spread over France."""
    departments = [f"{n:02d}" for n in range(1, 96) if n not in (20, 82)]
    rows = [list(COLUMNS)]
    step, placed = total // of_82, 0
    for index in range(total):
        if index % step == 0 and placed < of_82:
            placed += 1
            department, insee = "82", f"82{100 + placed:03d}"
        else:
            department = departments[index % len(departments)]
            insee = f"{department}{index % 900 + 1:03d}"
        base = MOLIERES if index % 3 else ITINERANT
        structure = {
            **base,
            "id_fs": str(10_000 + index),
            "insee_dep": department,
            "insee_com": insee,
            "code_postal": insee,
            "lib_com": f"Commune {insee}",
            "lib_fs": f"France Services n° {index} de la commune {insee}",
            "mail": f"fs{index}@example.org",
        }
        rows.append([structure[column] for column in COLUMNS])
    return national_csv(rows)
