"""Rendered fragments cached under a key that changes with their data (docs/decisions.md,
« Rendered fragments cached by data version »).

A *topic* names the models a fragment reads ("annuaire": the directory's models…). Each app says,
in its `AppConfig.ready()`, which models make up its topics:

    fragments.watch("annuaire", Structure, Partner, Referent, …)

Any save or delete of one of them, and any change of their many-to-many relations, gives the topic a
new version in the shared cache once the transaction commits — seen at once by every worker and
every host. A fragment's key holds the versions of the topics it reads, so the next view renders it
afresh and the old copy expires unused. Code that writes without signals (`QuerySet.update()`,
`bulk_create`, raw SQL) says so with `fragments.changed("annuaire")`.

In a view: `fragments.cached("structure-page", ["annuaire"], [structure.pk, …], lambda: render…)`;
in a template: `{% load fragments %}{% cachedfragment "name" "annuaire fichiers" structure.pk %}…
{% endcachedfragment %}`. The `vary` values must say everything else the fragment depends on: the
person (or what of them it shows: role, rights), the day for what depends on the date, the filters.
A fragment with a form's CSRF token is never cached (each person has their own token).

A value that is not HTML (a person's rights, a list of keys) is kept the same way with
`fragments.cached_value(name, topics, vary, compute)`.
"""

import functools
import hashlib
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

FRAGMENT_SECONDS = 60 * 60  # also bounds what a write that forgot `changed()` could leave stale
_VERSION_KEY = "fragments:version:{}"
_CSRF_FIELD = 'name="csrfmiddlewaretoken"'

_topics_of: dict[type, set[str]] = {}
# Saves that change only these fields show nowhere a fragment reads: a login must not empty the caches.
_IGNORED_UPDATES = {"last_login"}


def watch(topic: str, *models) -> None:
    """Make every change of `models` (and of their many-to-many tables) a change of `topic`."""
    for model in models:
        _topics_of.setdefault(model, set()).add(topic)
        for field in model._meta.local_many_to_many:
            _topics_of.setdefault(field.remote_field.through, set()).add(topic)


def changed(*topics: str) -> None:
    """New versions of `topics` once the current transaction commits (at once outside one).

    Until then this connection renders the topics' fragments without the cache (`cached_many`), so
    its own views never serve a copy older than what they just wrote, and other connections keep the
    committed copy, which is still true for them.
    """
    for topic in topics:
        if not _pending(topic):
            transaction.on_commit(_Bump(topic))


class _Bump:
    """The on-commit callback of one topic; `_pending` recognises it in the connection's list."""

    def __init__(self, topic: str):
        self.topic = topic
        self.done = False

    def __call__(self) -> None:
        cache.set(_VERSION_KEY.format(self.topic), secrets.token_hex(8), None)
        self.done = True  # a test may run the callbacks and stay in its transaction


def _pending(topic: str) -> bool:
    # Django keeps the callbacks of the open transaction in `run_on_commit` and drops them with a
    # rolled-back savepoint or transaction: exactly the uncommitted changes of this connection.
    return any(
        isinstance(callback, _Bump) and callback.topic == topic and not callback.done
        for _savepoints, callback, _robust in connection.run_on_commit
    )


def _versions(topics: Iterable[str]) -> dict[str, str]:
    """The current version of each topic."""
    keys = {_VERSION_KEY.format(topic): topic for topic in set(topics)}
    found = cache.get_many(list(keys)) if keys else {}
    for key in keys:
        if key not in found:  # never changed since the cache was emptied: start a version
            cache.add(key, secrets.token_hex(8), None)
            found[key] = cache.get(key)
    return {topic: found[key] for key, topic in keys.items()}


@functools.cache
def code_version() -> str:
    """A fingerprint of the code and templates that render the fragments, read once per process.

    A release that changes a template or a view must not serve the copies rendered by the previous
    one: their keys hold the data's versions, which a deployment does not change. The fingerprint is
    made of the files' contents, so every server running the same release computes the same one.
    """
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in _NOT_RENDERING)
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in {".py", ".html", ".txt"} and path.parent != root:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Folders of the repository that render nothing a fragment holds (and the virtualenv, if it is there).
_NOT_RENDERING = {".venv", ".git", "__pycache__", "tests", "benchmarks", "docs", "static", "media"}


def _key(name: str, versions: list[str], vary: list) -> str:
    fingerprint = hashlib.sha256(repr((code_version(), versions, vary)).encode()).hexdigest()
    return f"fragments:{name}:{fingerprint}"


def cached(name: str, topics: Iterable[str], vary: Iterable, render: Callable[[], str]) -> str:
    """The fragment `name` for `vary`, rendered by `render()` only when the cache has no copy for the
    current versions of `topics`."""
    return cached_many([(name, topics, vary, render)])[0]


def cached_many(parts: Sequence[tuple[str, Iterable[str], Iterable, Callable[[], str]]]) -> list[str]:
    """Several fragments `(name, topics, vary, render)` at once, as `cached` gives each, with two reads
    of the cache in all (the versions, then the copies) instead of two per fragment: a page of panels.

    A fragment reading a topic this connection changed and has not committed yet is rendered without
    the cache (see `changed`) and costs no cache read.
    """
    return _cached_many(parts, keep=lambda html: _CSRF_FIELD not in html)


def cached_value(name: str, topics: Iterable[str], vary: Iterable, compute: Callable):
    """A value that is not HTML (a person's rights, a list of keys), kept as `cached` keeps a fragment:
    `compute()` runs only when the cache has no copy for the current versions of `topics`. Any value
    the cache can pickle but None (the cache's « no copy »)."""
    return _cached_many([(name, topics, vary, compute)], keep=lambda value: True)[0]


def _cached_many(parts, keep: Callable) -> list:
    parts = [(name, sorted(set(topics)), list(vary), compute) for name, topics, vary, compute in parts]
    read = {topic for _name, topics, _vary, _compute in parts for topic in topics}
    pending = {topic for topic in read if _pending(topic)} if connection.in_atomic_block else set()
    cacheable = [topics for _name, topics, _vary, _compute in parts if not pending.intersection(topics)]
    versions = _versions(topic for topics in cacheable for topic in topics)
    keys = [
        None if pending.intersection(topics) else _key(name, [versions[topic] for topic in topics], vary)
        for name, topics, vary, _compute in parts
    ]
    found = cache.get_many([key for key in keys if key]) if any(keys) else {}
    values, computed = [], {}
    for key, (_name, _topics, _vary, compute) in zip(keys, parts, strict=True):
        if key in found:
            values.append(found[key])
            continue
        values.append(compute())
        if key and keep(values[-1]):
            computed[key] = values[-1]
    if computed:
        cache.set_many(computed, FRAGMENT_SECONDS)
    return values


def _on_change(sender, **kwargs) -> None:
    topics = _topics_of.get(sender)
    if not topics:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= _IGNORED_UPDATES:
        return
    changed(*topics)


def _on_relation_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        _on_change(sender)


post_save.connect(_on_change, dispatch_uid="fragments-save")
post_delete.connect(_on_change, dispatch_uid="fragments-delete")
m2m_changed.connect(_on_relation_change, dispatch_uid="fragments-relations")
