"""Shared fixtures: the small river negotiation (tests/fixtures/river.ttl), the seed graph, and a
CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import stancegraph
from stancegraph.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
RIVER = FIXTURES / "river.ttl"
SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLE = SHARED / "seed" / "peace-talks-update.txt"
EXTERNAL = SHARED / "external"
EX = "http://example.org/river/"


@pytest.fixture(scope="session")
def river() -> stancegraph.StanceGraph:
    return stancegraph.open(RIVER)


@pytest.fixture(scope="session")
def seed() -> stancegraph.StanceGraph:
    return stancegraph.open()


class Cli:
    """Run the CLI in-process: ``cli("who-supports", "X", data=RIVER)``."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, data: Path | str | None = RIVER, input: str | None = None):
        prefix = ["--data", str(data)] if data is not None else []
        return self.runner.invoke(app, [*prefix, *args], input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PREFIXES = """@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix ex: <http://example.org/t/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
