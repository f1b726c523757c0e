"""SPARQL text read without running it: its keywords outside strings, IRIs, comments, variables
and prefixed names; whether it reaches out (``SERVICE``); and variables bound by an inline
``VALUES`` block placed in its WHERE clause, so any variable can be bound, projected or not,
the same way on the embedded store and on an endpoint."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from .errors import QueryError

# One alternative per token kind; only bare words and braces are kept as keywords.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<long_string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<variable>[?$][\w]+)
  | (?P<prefixed>[\w.-]*:[\w.:%-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<brace>[{}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(sparql: str) -> Iterator[tuple[int, str]]:
    """Position and upper-cased text of every bare word and brace of ``sparql``.

    >>> [w for _, w in keywords('SELECT ?service WHERE { ?s <x:SERVICE> "SERVICE" } # SERVICE')]
    ['SELECT', 'WHERE', '{', '}']
    """
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind in ("word", "brace"):
            yield match.start(), match.group().upper()


def uses_service(sparql: str) -> bool:
    """Whether the query asks another endpoint (a ``SERVICE`` clause).

    >>> uses_service("SELECT * { SERVICE <http://127.0.0.1/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service { ?service a <http://e/Service> }")
    False
    """
    return any(word == "SERVICE" for _, word in keywords(sparql))


FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def with_values(sparql: str, bindings: Mapping[str, str]) -> str:
    """``sparql`` with ``VALUES (?a ?b) { (t1 t2) }`` opening its WHERE clause: every binding
    joins the whole pattern, so a variable need not be projected. ``bindings`` maps variable
    names to terms already written as SPARQL (N-Triples syntax, escaped by Oxigraph).

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": "<http://e/p>"})
    'SELECT ?x WHERE { VALUES (?p) { (<http://e/p>) } ?x ?p ?o }'
    >>> with_values("ASK { ?s ?p ?o }", {"s": "<http://e/s>"})
    'ASK { VALUES (?s) { (<http://e/s>) } ?s ?p ?o }'
    """
    if not bindings:
        return sparql
    words = list(keywords(sparql))
    where = next((i for i, (_, w) in enumerate(words) if w == "WHERE"), None)
    if where is None:
        # The short forms: SELECT * { … }, ASK { … }; the first brace after the query form.
        form = next((i for i, (_, w) in enumerate(words) if w in FORMS), None)
        if form is None or words[form][1] in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("bindings need a WHERE clause to go into; add one to the query")
        where = form
    brace = next((pos for pos, w in words[where + 1 :] if w == "{"), None)
    if brace is None:
        raise QueryError("bindings need a WHERE clause to go into; add one to the query")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    return sparql[: brace + 1] + block + sparql[brace + 1 :]
