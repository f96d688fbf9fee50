"""Write the JSON Schemas of the YAML files editors keep, from their pydantic models.

``python -m harvesters.json_schemas [FOLDER]`` writes ``FOLDER/*.schema.json`` (default
``schemas/`` in the working folder); ``tests/test_consistency.py`` checks the committed copies
equal what this generates. Editors point their YAML language server at them, e.g.
``# yaml-language-server: $schema=../../schemas/dataset-definition.schema.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ckanext.nlc import vocab

from harvesters.models import OrganisationList, definition_model
from publication_plan import models


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every YAML file with a model."""
    found = {
        "dataset-definition": definition_model(tuple(vocab.foi_topics())).model_json_schema(),
        "organizations": OrganisationList.json_schema(),
        "topics": models.VocabularyFile.model_json_schema(),
        "plan": models.PlanFile.model_json_schema(),
        "guide": models.GuideFile.model_json_schema(),
        "column-map": models.ColumnMapFile.model_json_schema(),
    }
    return {
        f"{name}.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        for name, schema in found.items()
    }


def render(schema: dict[str, Any]) -> str:
    """The file text of one schema (stable: sorted keys, two-space indent, final newline)."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every schema into the folder given (default ``schemas``)."""
    folder = Path((argv if argv is not None else sys.argv[1:] or ["schemas"])[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (folder / name).write_text(render(schema), encoding="utf-8")
        print(folder / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
