"""gpaikit.yaml as a product surface: the JSON Schema, its field docs, init's schema line, and
errors that list the valid keys."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML
from typer.testing import CliRunner

import gpaikit.workspace._model as models
from gpaikit._exceptions import WorkspaceError
from gpaikit.cli._app import app
from gpaikit.cli._init import workspace_schema
from gpaikit.forms import load_forms
from gpaikit.law import Catalog
from gpaikit.workspace import SCHEMA_FILE, field_docs, load_workspace, parse_workspace

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _classes() -> dict[str, type[BaseModel]]:
    return {
        name: cls
        for name, cls in inspect.getmembers(models, inspect.isclass)
        if issubclass(cls, BaseModel)
        and cls.__module__ == models.__name__
        and not name.startswith("_")
    }


def _as_json(path: Path) -> Any:
    return json.loads(json.dumps(YAML(typ="safe").load(path.read_text()), default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = workspace_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_field_is_documented_and_nothing_else() -> None:
    docs = field_docs()
    classes = _classes()
    missing = [
        f"{c}.{f}"
        for c, cls in classes.items()
        for f in cls.model_fields
        if f not in docs.get(c, {})
    ]
    extra = [
        f"{c}.{f}" for c, fields in docs.items() for f in fields if f not in classes[c].model_fields
    ]
    assert missing == [] and extra == []
    for fields in docs.values():
        for doc in fields.values():
            assert len(doc["description"]) > 10


def test_every_cited_id_resolves(catalog: Catalog) -> None:
    items = {i for spec in load_forms() for i in spec.item_ids()}
    cited = {
        c for fields in field_docs().values() for d in fields.values() for c in d.get("cite", [])
    }
    assert sorted(c for c in cited if c not in catalog and c not in items) == []


def test_every_example_is_valid_for_its_key(validator: jsonschema.Draft202012Validator) -> None:
    schema = workspace_schema()
    bad = []
    for cls, fields in field_docs().items():
        node = schema if cls == "Workspace" else schema["$defs"][cls]
        for name, doc in fields.items():
            if "example" not in doc or name not in node["properties"]:
                continue
            prop = {**node["properties"][name], "$defs": schema["$defs"]}
            example = json.loads(json.dumps(doc["example"], default=str))
            if cls == "Model" and name == "answers":
                continue  # answers are checked per item below
            if list(jsonschema.Draft202012Validator(prop).iter_errors(example)):
                bad.append(f"{cls}.{name}: {example!r}")
    assert bad == []


@pytest.mark.parametrize(
    "path",
    [
        *sorted((REPO / "examples").glob("*/gpaikit.yaml")),
        REPO / "src" / "gpaikit" / "workspace" / "template.yaml",
        REPO / "tests" / "forms" / "fixtures" / "complete" / "gpaikit.yaml",
    ],
    ids=lambda p: p.parent.name,
)
def test_shipped_workspaces_validate_against_the_schema(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(_as_json(path))]
    assert errors == []


def test_the_schema_flags_what_the_loader_refuses(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = _as_json(REPO / "examples" / "open-weights-7b" / "gpaikit.yaml")
    data["models"][0]["trainig_runs"] = []
    data["models"][0]["answers"] = {"MDF.TYPO.01": "x", "MDF.MP.03": ["text", "image"]}
    data["models"][0]["compliance"] = {"OBL.nope": {"status": "met"}}
    paths = {tuple(e.path) for e in validator.iter_errors(data)}
    assert ("models", 0) in paths  # the unknown key
    assert ("models", 0, "answers") in paths  # the unknown item ID
    assert ("models", 0, "answers", "MDF.MP.03") in paths  # 'image' is not an MDF choice
    assert ("models", 0, "compliance") in paths  # not an obligation ID


def test_init_writes_the_schema_and_names_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ws" / "gpaikit.yaml").read_text()
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
    written = json.loads((tmp_path / "ws" / SCHEMA_FILE).read_text())
    printed = runner.invoke(app, ["schema", "workspace"])
    assert printed.exit_code == 0 and json.loads(printed.output) == written
    assert "MDF.MP.07" in written["$defs"]["Model"]["properties"]["answers"]["properties"]
    load_workspace(tmp_path / "ws")  # the starter loads


def test_schema_form_prints_an_export_schema() -> None:
    result = runner.invoke(app, ["schema", "form", "mdf"])
    assert result.exit_code == 0 and '"MDF.CR.02b"' in result.output
    assert runner.invoke(app, ["schema", "form", "nope"]).exit_code == 2


def test_unknown_key_lists_the_valid_keys_at_its_place(tmp_path: Path) -> None:
    text = (
        "provider: {legal_name: X, country: FR, sizee: sme}\n"
        "models:\n  - name: m\n    training_runs:\n      - {name: r, tokns: 1e12}\n"
    )
    with pytest.raises(WorkspaceError) as info:
        parse_workspace(text, file=tmp_path / "gpaikit.yaml")
    problems = {p.location.field: p.hint for p in info.value.problems if p.location}
    provider = problems["provider.sizee"] or ""
    assert "did you mean 'size'" in provider and "legal_name, country, size" in provider
    run = problems["models.0.training_runs.0.tokns"] or ""
    assert "'tokens'" in run and "config, weights, energy_mwh" in run
