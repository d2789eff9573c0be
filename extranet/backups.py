"""Backups that restore: the PostgreSQL database and the uploaded files, in one dated folder.

`make backup` (`manage.py backup`) writes `BACKUP_DIR/AAAA-MM-JJ_HHMMSS/`:

- `base.dump`: `pg_dump --format=custom`, one consistent snapshot of the database (pg_dump reads it
  in a single repeatable-read transaction while the site keeps running);
- `fichiers.tar.gz`: MEDIA_ROOT, archived *after* the dump, so every file the dump names was already
  there (a file uploaded in between is only an extra file, never a missing one);
- `sauvegarde.json`: when, which database, and the size of each part.

The folder is written as `….en-cours` and renamed only once complete: a folder with the final name is
always a whole backup. Then the retention rule keeps the newest backup of each of the last
`BACKUP_KEEP_DAILY` days that have one (7 by default) and deletes the older ones, and any unfinished
folder left by an interrupted run.

`make restore BACKUP=…` (`manage.py restore FOLDER`) loads the dump into the configured database (or
`--database-url`) in one transaction with `pg_restore --clean --if-exists`, then puts the files in
place: the current MEDIA_ROOT is moved aside (`….avant-restauration-…`), never deleted.

SQLite is refused with a French message: its backup is a copy of the file (docs/decisions.md).
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import connections
from django.utils import timezone

DUMP_NAME = "base.dump"
FILES_NAME = "fichiers.tar.gz"
MANIFEST_NAME = "sauvegarde.json"
FOLDER_FORMAT = "%Y-%m-%d_%H%M%S"
UNFINISHED_SUFFIX = ".en-cours"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in French."""


@dataclass(frozen=True)
class Database:
    """What pg_dump and pg_restore need to reach a database."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default") -> "Database":
        # The connection's settings, not settings.DATABASES: under the tests they name the test database.
        config = connections[alias].settings_dict
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError(
                "La sauvegarde et la restauration par manage.py demandent PostgreSQL ; cette "
                f"installation utilise {config['ENGINE'].rsplit('.', 1)[-1]}. Avec SQLite, arrêtez le "
                "site et copiez le fichier de la base et le dossier des fichiers déposés "
                "(voir « Exploitation » dans le README)."
            )
        return cls(
            name=config["NAME"],
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
        )

    @classmethod
    def from_url(cls, url: str) -> "Database":
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql") or not parts.path.strip("/"):
            raise BackupError(f"« {url} » n'est pas une adresse postgres://utilisateur@hôte:port/base.")
        return cls(
            name=unquote(parts.path.lstrip("/")),
            host=parts.hostname or "",
            port=str(parts.port or ""),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    def environment(self) -> dict[str, str]:
        """The libpq variables (the password never appears on a command line, where `ps` shows it)."""
        env = {**os.environ, "PGDATABASE": self.name}
        for variable, value in [
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ]:
            if value:
                env[variable] = value
        return env


def _run(command: list[str], database: Database, what: str) -> None:
    try:
        result = subprocess.run(command, env=database.environment(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} est introuvable : installez les outils clients de PostgreSQL."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{what} a échoué ({command[0]}) : {result.stderr.strip()[-2000:]}")


def backup_root() -> Path:
    return Path(settings.BACKUP_DIR)


def complete_backups(root: Path) -> list[Path]:
    """The whole backups under `root`, oldest first (their names sort by date)."""
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and not path.name.endswith(UNFINISHED_SUFFIX) and (path / MANIFEST_NAME).exists()
    )


def _archive_media(media_root: Path, target: Path) -> None:
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")


def create_backup(root: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Write a whole backup under `root` (BACKUP_DIR) and return its folder."""
    database = Database.from_settings()
    root = root or backup_root()
    moment = timezone.localtime(now or timezone.now())
    final = root / moment.strftime(FOLDER_FORMAT)
    if final.exists():
        raise BackupError(f"Le dossier {final} existe déjà.")
    partial = final.with_name(final.name + UNFINISHED_SUFFIX)
    partial.mkdir(parents=True)
    try:
        # --no-owner / --no-privileges: the dump restores under whichever role runs the restore.
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial / DUMP_NAME}"],
            database,
            "La copie de la base",
        )
        _archive_media(Path(settings.MEDIA_ROOT), partial / FILES_NAME)
        manifest = {
            "date": moment.isoformat(),
            "base": database.name,
            "taille_base_octets": (partial / DUMP_NAME).stat().st_size,
            "taille_fichiers_octets": (partial / FILES_NAME).stat().st_size,
        }
        (partial / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(final)
    return final


def prune(root: Path | None = None, keep_daily: int | None = None) -> list[Path]:
    """Keep the newest backup of each of the last `keep_daily` days that have one; delete the rest.

    Unfinished folders (an interrupted run) are deleted too, unless a run may still be writing them
    (less than a day old). Returns the deleted folders.
    """
    root = root or backup_root()
    keep_daily = settings.BACKUP_KEEP_DAILY if keep_daily is None else keep_daily
    newest_per_day: dict[str, Path] = {}
    for path in complete_backups(root):  # oldest first: the last one of a day wins
        newest_per_day[path.name[:10]] = path
    kept = set(sorted(newest_per_day.values())[-keep_daily:]) if keep_daily > 0 else set()
    deleted = [path for path in complete_backups(root) if path not in kept]
    if root.is_dir():
        day_ago = timezone.now().timestamp() - 24 * 3600
        deleted += [
            path
            for path in root.iterdir()
            if path.name.endswith(UNFINISHED_SUFFIX) and path.stat().st_mtime < day_ago
        ]
    for path in deleted:
        shutil.rmtree(path)
    return deleted


def restore_backup(
    folder: Path, database: Database | None = None, media_root: Path | None = None
) -> Path | None:
    """Load `folder`'s dump into `database` and its files into `media_root`.

    Returns where the previous files were moved aside (None when there were none).
    """
    database = database or Database.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    dump, files = folder / DUMP_NAME, folder / FILES_NAME
    if not (folder / MANIFEST_NAME).exists() or not dump.exists() or not files.exists():
        raise BackupError(
            f"{folder} n'est pas une sauvegarde complète ({DUMP_NAME}, {FILES_NAME}, {MANIFEST_NAME})."
        )
    # One transaction: a restore that fails half-way leaves the database as it was.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database.name}",
            str(dump),
        ],
        database,
        "La restauration de la base",
    )
    incoming = media_root.with_name(media_root.name + UNFINISHED_SUFFIX)
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    with tarfile.open(files) as archive:
        # The "data" filter refuses absolute paths, "..", links outside and device files.
        archive.extractall(incoming, filter="data")
    previous = None
    if media_root.exists():
        stamp = timezone.localtime().strftime(FOLDER_FORMAT)
        previous = media_root.with_name(f"{media_root.name}.avant-restauration-{stamp}")
        media_root.rename(previous)
    incoming.rename(media_root)
    return previous
