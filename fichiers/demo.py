"""Invented news and catalogue files for the demo, by the demo accounts of `load_demo`.

Everything here is invented and says so. Running it twice changes nothing the second time: news and
files are found again by their title. Only `load_fichiers_demo` (DEBUG only) calls it.

The files are made in code (a one-page PDF written by hand, a PNG drawn with Pillow) so that the
repository holds no binary, and they go through the same upload checks and storage API as real ones.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from annuaire.models import Partner, Structure
from extranet.models import User
from extranet.text import strip_accents
from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.models import Document, News
from fichiers.validators import check_upload

CCI = "claire.roux@example.org"  # the demo CCI agent
COUNSELLOR = "camille.martin@example.org"  # MSAP La Poste de Molières
CAF_REFERENT = "sophie.durand@example.org"
CPAM_REFERENT = "julien.petit@example.org"

NOTICE = "Document fictif de démonstration — Extranet France Services 82."


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF showing `title` and `lines` (standard Helvetica font, no dependency).

    The cross-reference table needs each object's byte offset, hence the file is assembled in code.
    """

    def text(value: str) -> bytes:
        encoded = value.encode("cp1252", errors="replace")  # WinAnsiEncoding, which has é, è, à, —
        return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = b"BT /F1 18 Tf 72 770 Td (" + text(title) + b") Tj /F1 11 Tf 16 TL 0 -32 Td"
    for line in lines:
        stream += b" (" + text(line) + b") Tj T*"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def _ascii(value: str) -> str:
    # Pillow's built-in font has no accented letters: "réseau" is drawn as "reseau".
    return "".join(c for c in strip_accents(value.replace("—", "-")) if c.isascii())


def png_bytes(title: str, subtitle: str) -> bytes:
    """A poster-like PNG (800 × 450) with `title` and `subtitle`."""
    title, subtitle, notice = _ascii(title), _ascii(subtitle), _ascii(NOTICE)
    image = Image.new("RGB", (800, 450), "#000091")  # the State's blue
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 800, 450), fill="#e1000f")
    draw.text((40, 120), title, fill="white", font=ImageFont.load_default(size=40))
    draw.text((40, 200), subtitle, fill="white", font=ImageFont.load_default(size=26))
    draw.text((40, 400), notice, fill="white", font=ImageFont.load_default(size=18))
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def _demo_documents(year: int) -> list[dict]:
    return [
        {
            "title": "Plaquette de la MSAP La Poste de Molières",
            "description": "La plaquette remise aux usagers : horaires, partenaires présents, contact.",
            "category": DocumentCategory.LEAFLET,
            "structure": "msap-molieres",
            "year": year,
            "author": COUNSELLOR,
            "file": (
                "plaquette-molieres.pdf",
                pdf_bytes(
                    "France Services — MSAP La Poste de Molières",
                    [
                        "Un accueil de proximité pour vos démarches administratives.",
                        "Du lundi au vendredi, 9 h – 12 h et 13 h 30 – 17 h.",
                        "Partenaires : CAF, CPAM, CARSAT, MSA, France Travail, La Poste,",
                        "DGFiP, ministère de l'Intérieur, ministère de la Justice.",
                        "Contact : msap-molieres@example.org — 05 63 00 00 10.",
                        "",
                        NOTICE,
                    ],
                ),
            ),
        },
        {
            "title": f"Programme des permanences CAF à Molières — {year}",
            "description": "Les dates des permanences de la CAF dans la France Services de Molières.",
            "category": DocumentCategory.PERMANENCE_PROGRAMME,
            "structure": "msap-molieres",
            "partner": "caf",
            "year": year,
            "author": CAF_REFERENT,
            "file": (
                "programme-permanences-caf.pdf",
                pdf_bytes(
                    f"Permanences CAF — Molières — {year}",
                    [
                        "Deuxième et quatrième mardis du mois, de 9 h à 12 h, sur rendez-vous.",
                        "Prise de rendez-vous auprès de l'accueil de la France Services.",
                        "",
                        NOTICE,
                    ],
                ),
            ),
        },
        {
            "title": f"Rapport d'activité {year - 1} du réseau France Services 82",
            "description": "Fréquentation, démarches par partenaire, temps forts de l'année.",
            "category": DocumentCategory.ANNUAL_REPORT,
            "year": year - 1,
            "author": CCI,
            "file": (
                f"rapport-activite-{year - 1}.pdf",
                pdf_bytes(
                    f"Rapport d'activité {year - 1} — réseau France Services 82",
                    [
                        "1. Fréquentation des structures (chiffres fictifs).",
                        "2. Démarches par partenaire.",
                        "3. Animation du réseau : formations, eductours, rencontre annuelle.",
                        "",
                        NOTICE,
                    ],
                ),
            ),
        },
        {
            "title": "Affiche de la rencontre annuelle du réseau",
            "description": "L'affiche à imprimer pour annoncer la rencontre annuelle.",
            "category": DocumentCategory.OTHER,
            "year": year,
            "author": CCI,
            "file": (
                "affiche-rencontre-annuelle.png",
                png_bytes("Rencontre annuelle du réseau", "France Services de Tarn-et-Garonne"),
            ),
        },
    ]


def _demo_news(year: int) -> list[dict]:
    return [
        {
            "title": "Rencontre annuelle du réseau : réservez la date",
            "body": "La **rencontre annuelle** du réseau France Services 82 réunira conseillers et "
            "partenaires à Montauban. L'affiche est jointe ; le programme suivra dans le calendrier.\n\n"
            "(Actualité fictive de démonstration.)",
            "category": NewsCategory.NETWORK,
            "author": CCI,
            "is_pinned": True,
            "days_ago": 2,
            "files": ["Affiche de la rencontre annuelle du réseau"],
        },
        {
            "title": "La France Services de Molières a une nouvelle plaquette",
            "body": "Notre plaquette est à jour : horaires, partenaires présents et contact. "
            "N'hésitez pas à la diffuser.\n\n(Actualité fictive de démonstration.)",
            "category": NewsCategory.FRANCE_SERVICES,
            "author": COUNSELLOR,
            "structure": "msap-molieres",
            "days_ago": 5,
            "files": ["Plaquette de la MSAP La Poste de Molières"],
        },
        {
            "title": "CAF : le programme des permanences à Molières",
            "body": "Les permanences de la CAF ont lieu les **deuxième et quatrième mardis** du mois, "
            "sur rendez-vous.\n\n(Actualité fictive de démonstration.)",
            "category": NewsCategory.PARTNERS,
            "author": CAF_REFERENT,
            "partner": "caf",
            "days_ago": 9,
            "files": [f"Programme des permanences CAF à Molières — {year}"],
        },
        {
            "title": "Complémentaire santé solidaire : accompagner les demandes",
            "body": "Rappel du dispositif et des pièces à réunir pour aider un usager à demander la "
            "complémentaire santé solidaire :\n\n- justificatif d'identité ;\n- ressources des "
            "douze derniers mois ;\n- attestation de droits à l'assurance maladie.\n\n"
            "(Actualité fictive de démonstration.)",
            "category": NewsCategory.STATE_SCHEMES,
            "author": CPAM_REFERENT,
            "partner": "cpam",
            "days_ago": 14,
            "files": [],
        },
    ]


def _users() -> dict[str, User]:
    emails = {CCI, COUNSELLOR, CAF_REFERENT, CPAM_REFERENT}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    if missing := emails - users.keys():
        raise LookupError(", ".join(sorted(missing)))
    return users


def load_demo_publications() -> tuple[int, int]:
    """Create the demo files and news that do not exist yet; return how many of each were created.

    Raises LookupError naming the demo accounts that are missing (run `load_demo` first).
    """
    users = _users()
    now = timezone.now()
    year = timezone.localdate().year

    def source(data: dict) -> dict:
        # DoesNotExist here means the reference data is missing: `load_demo` creates it.
        structure, partner = data.get("structure"), data.get("partner")
        return {
            "structure": Structure.objects.get(slug=structure) if structure else None,
            "partner": Partner.objects.get(slug=partner) if partner else None,
        }

    documents_created = news_created = 0
    for data in _demo_documents(year):
        author = users[data["author"]]
        document, created = Document.objects.get_or_create(
            title=data["title"],
            defaults={
                "description": data["description"],
                "category": data["category"],
                **source(data),
                "year": data["year"],
                "uploaded_by": author,
            },
        )
        if created:
            name, content = data["file"]
            upload = SimpleUploadedFile(name, content)
            document.add_version(upload, check_upload(upload), author)
            documents_created += 1
    for data in _demo_news(year):
        news, created = News.objects.get_or_create(
            title=data["title"],
            defaults={
                "body": data["body"],
                "category": data["category"],
                **source(data),
                "is_pinned": data.get("is_pinned", False),
                "published_at": now - dt.timedelta(days=data["days_ago"]),
                "author": users[data["author"]],
            },
        )
        if created:
            news.files.set(Document.objects.filter(title__in=data["files"]))
            news_created += 1
    return documents_created, news_created
