"""Backups that restore: `manage.py backup` / `restore` (extranet/backups.py)."""

import datetime as dt
import hashlib
import json
import uuid

import psycopg
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from annuaire.models import Structure
from extranet.backups import DUMP_NAME, FILES_NAME, MANIFEST_NAME, UNFINISHED_SUFFIX, prune
from extranet.models import User
from fichiers.models import FileVersion
from tests import factories
from tests.fresh_python import run_python

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="pg_dump and pg_restore need PostgreSQL"
)


def checksum(name: str) -> str:
    with default_storage.open(name) as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def fake_backup(root, name):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / MANIFEST_NAME).write_text("{}")
    return folder


def test_retention_keeps_the_newest_backup_of_each_of_the_last_days(tmp_path):
    names = [
        "2026-11-28_030000",
        "2026-11-29_030000",
        "2026-11-30_030000",
        "2026-11-30_141500",  # a second one that day, by hand: the newer of the two counts for the day
        "2026-12-01_030000",
    ]
    for name in names:
        fake_backup(tmp_path, name)
    (tmp_path / "notes.txt").write_text("pas une sauvegarde")

    deleted = prune(tmp_path, keep_daily=3)

    assert sorted(path.name for path in deleted) == ["2026-11-28_030000", "2026-11-30_030000"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "2026-11-29_030000",
        "2026-11-30_141500",
        "2026-12-01_030000",
        "notes.txt",
    ]


def test_an_interrupted_backup_is_cleared_only_when_no_run_can_still_be_writing_it(tmp_path, time_machine):
    unfinished = tmp_path / f"2026-12-01_030000{UNFINISHED_SUFFIX}"
    unfinished.mkdir()
    assert prune(tmp_path, keep_daily=7) == []

    time_machine.move_to(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=2))
    assert prune(tmp_path, keep_daily=7) == [unfinished]
    assert not unfinished.exists()


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the refusal is SQLite's")
def test_sqlite_is_refused_in_french(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    with pytest.raises(CommandError, match="demandent PostgreSQL.*copiez le fichier de la base"):
        call_command("backup")
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_a_folder_that_is_not_a_whole_backup(db, tmp_path):
    (tmp_path / DUMP_NAME).write_bytes(b"")
    target = "postgres://postgres@127.0.0.1:5432/jamais_touchee"
    with pytest.raises(CommandError, match="n'est pas une sauvegarde complète"):
        call_command("restore", str(tmp_path), "--yes", "--database-url", target)


# --- On PostgreSQL: a filled database backed up, restored into a new one, and used ----------------


@pytest.fixture
def new_database():
    """An empty PostgreSQL database beside the test one, dropped afterwards."""
    config = connection.settings_dict
    name = f"{config['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    params = {"host": config["HOST"], "port": config["PORT"], "user": config["USER"], "dbname": "postgres"}
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    yield f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT']}/{name}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# What the restored site shows, read by a fresh process configured on the restored database and
# files: the rows, each stored file's checksum, and whether a person logs in with their password.
READ_BACK = """
import django, hashlib, json
django.setup()
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from annuaire.models import Structure
from extranet.models import User
from fichiers.models import FileVersion
def checksum(name):
    with default_storage.open(name) as stored:
        return hashlib.sha256(stored.read()).hexdigest()
client = Client()
response = client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})
print(json.dumps({
    "users": sorted(User.objects.values_list("email", "password")),
    "structures": sorted(Structure.objects.values_list("slug", "name")),
    "files": sorted((v.file.name, checksum(v.file.name)) for v in FileVersion.objects.all()),
    "login": [response.status_code, response.get("Location"), "_auth_user_id" in client.session],
}))
"""


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_with_its_rows_files_and_logins(
    settings, tmp_path, new_database, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "sauvegardes"
    structure = factories.StructureFactory(name="France Services de Caussade", slug="caussade")
    factories.StructureFactory(name="MSAP La Poste de Molières", slug="molieres")
    factories.counsellor(structure=structure, email="conseiller@example.org")
    factories.referent(email="referent@example.org")
    factories.UserFactory(staff=True, email="animateur@example.org")
    factories.DocumentFactory(with_version=True)
    expected = {
        "users": sorted([list(row) for row in User.objects.values_list("email", "password")]),
        "structures": sorted([list(row) for row in Structure.objects.values_list("slug", "name")]),
        "files": sorted([v.file.name, checksum(v.file.name)] for v in FileVersion.objects.all()),
    }
    assert expected["files"]

    call_command("backup")
    [folder] = list(settings.BACKUP_DIR.iterdir())
    assert sorted(path.name for path in folder.iterdir()) == [DUMP_NAME, FILES_NAME, MANIFEST_NAME]
    assert "Sauvegarde écrite dans" in capsys.readouterr().out

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(folder), "--yes", "--database-url", new_database, "--media-root", str(restored_media)
    )

    result = run_python(
        f"PASSWORD = {factories.PASSWORD!r}\n{READ_BACK}",
        DJANGO_SETTINGS_MODULE="extranet.settings_test",
        DATABASE_URL=new_database,
        DJANGO_MEDIA_ROOT=str(restored_media),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    restored = json.loads(result.stdout.strip().splitlines()[-1])
    assert restored["users"] == expected["users"]
    assert restored["structures"] == expected["structures"]
    assert restored["files"] == expected["files"]
    assert restored["login"] == [302, "/", True]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_restoring_keeps_the_previous_files_aside(settings, tmp_path, new_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "sauvegardes"
    call_command("backup")
    [folder] = list(settings.BACKUP_DIR.iterdir())
    target = tmp_path / "site-media"
    target.mkdir()
    (target / "ancien.txt").write_text("déposé après la sauvegarde")

    call_command("restore", str(folder), "--yes", "--database-url", new_database, "--media-root", str(target))

    [aside] = [path for path in tmp_path.iterdir() if path.name.startswith("site-media.avant-restauration-")]
    assert (aside / "ancien.txt").read_text() == "déposé après la sauvegarde"
    assert not (target / "ancien.txt").exists()
