"""The portal's fixtures: one throwaway PostgreSQL cluster per session (scripts/pgcluster.py)
and a SQLite file, each migrated once and copied per test, so that every test runs on both; two
built dossiers (the frontier lab example, and one with a sentinel in every item)."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from portal_helpers import (
    AS_OF,
    PROVIDER_KEY,
    REPO,
    Clients,
    Seed,
    attach,
    build_sentinel_site,
    load_pgcluster,
    seed,
)

from gpaikit.dossier import build_site
from gpaikit.portal import Database, open_database

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """A throwaway cluster with a migrated template database ``portal_template``."""
    pgcluster = load_pgcluster()
    if pgcluster.find_binaries() is None:
        message = "PostgreSQL is not installed (scripts/ensure-postgres.sh installs it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with pgcluster.throwaway_cluster() as cluster:
        template = open_database(cluster.create_database("portal_template"))
        template.dispose()
        yield cluster


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "portal.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        target = tmp_path / "portal.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"t{os.getpid()}_{next(_names)}"
    yield cluster.create_database(name, template="portal_template")
    cluster.drop_database(name)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frontier lab example's dossier, signed, as ``make demo`` builds it (without the
    crawl)."""
    root = tmp_path_factory.mktemp("demo")
    ws = root / "frontier-lab"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    build_site(ws, root / "site", as_of=AS_OF, record=False, sign=PROVIDER_KEY)
    return root / "site"


@pytest.fixture(scope="session")
def sentinel_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    """A dossier with a unique sentinel in every item: (site, sentinel -> audiences allowed)."""
    return build_sentinel_site(tmp_path_factory.mktemp("sentinels"))


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory, demo_site: Path) -> dict[str, Any]:
    """Per kind of database, a template with the demo dossier published and an account and
    session of every role (made once: publishing and hashing are the slow parts)."""
    return {"root": tmp_path_factory.mktemp("seeded"), "demo": demo_site}


def _seeded_template(request: pytest.FixtureRequest, kind: str) -> tuple[str, Seed]:
    cache = request.getfixturevalue("seeds")
    if kind not in cache:
        if kind == "sqlite":
            path = cache["root"] / "seeded.sqlite3"
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite:///{path}"
        else:
            cluster = request.getfixturevalue("pg_cluster")
            url = cluster.create_database("portal_seeded", template="portal_template")
        database = open_database(url)
        try:
            cache[kind] = (url, seed(database, [cache["demo"]]))
        finally:
            database.dispose()
    found: tuple[str, Seed] = cache[kind]
    return found


@pytest.fixture(params=["sqlite", "postgresql"])
def portal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Clients]]:
    """``portal(**settings)``: signed-in clients of every role on a fresh copy of the seeded
    database of each kind (the demo dossier is version 1)."""
    url, found = _seeded_template(request, request.param)
    if request.param == "sqlite":
        target = tmp_path / "portal.sqlite3"
        shutil.copyfile(url.removeprefix("sqlite:///"), target)
        copy_url = f"sqlite:///{target}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        name = f"s{os.getpid()}_{next(_names)}"
        copy_url = cluster.create_database(name, template="portal_seeded")
    database = open_database(copy_url)
    made: list[Clients] = []

    def factory(**settings: Any) -> Clients:
        made.append(attach(database, found, **settings))
        return made[-1]

    yield factory
    for c in made:
        c.close()
    database.dispose()
    if request.param == "postgresql":
        request.getfixturevalue("pg_cluster").drop_database(name)
