"""The lock files (requirements/) pin every dependency pyproject.toml declares, within its range, with
hashes and without any machine's index: a dependency added without `make lock` fails here, not in a
fresh install."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
LOCKS = {
    "base.txt": PROJECT["dependencies"],
    "dev.txt": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"],
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)
HASHED_PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}", re.MULTILINE)


def read_lock(name: str) -> str:
    return (BASE_DIR / "requirements" / name).read_text()


@pytest.mark.parametrize("lock", LOCKS)
def test_the_lock_pins_every_declared_dependency_within_its_range(lock):
    pinned = {canonicalize_name(name): version for name, version in PIN.findall(read_lock(lock))}
    problems = []
    for line in LOCKS[lock]:
        requirement = Requirement(line)
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not pinned")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")

    assert problems == [], f"requirements/{lock} is out of date (run `make lock`): {problems}"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_has_its_hashes_and_no_index_is_written(lock):
    text = read_lock(lock)
    pins = PIN.findall(text)
    hashed = HASHED_PIN.findall(text)

    assert len(pins) > 20
    assert len(hashed) == len(pins)
    assert not re.search(r"--(extra-)?index-url|--find-links|file://", text)
