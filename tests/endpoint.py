"""A minimal SPARQL 1.1 protocol endpoint on 127.0.0.1 (pyoxigraph behind http.server), for
testing --endpoint without a database server. Optionally caps result rows to imitate endpoints
that truncate silently."""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox


class Endpoint:
    def __init__(self, *files: Path, cap: int | None = None) -> None:
        self.store = ox.Store()
        for f in files:
            self.store.load(path=str(f), format=ox.RdfFormat.TURTLE)
        self.cap = cap
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                query = form.get("query", [""])[0]
                accept = self.headers.get("Accept", "")
                try:
                    result = endpoint.store.query(query)
                except SyntaxError as exc:
                    self.send_response(400)
                    self.end_headers()
                    self.wfile.write(f"Parse error: {exc}".encode())
                    return
                if isinstance(result, ox.QueryTriples):
                    body, media = (
                        result.serialize(format=ox.RdfFormat.N_TRIPLES),
                        "application/n-triples",
                    )
                else:
                    fmt = (
                        ox.QueryResultsFormat.CSV
                        if accept.startswith("text/csv")
                        else ox.QueryResultsFormat.JSON
                    )
                    if endpoint.cap is not None and isinstance(result, ox.QuerySolutions):
                        variables = result.variables
                        rows = list(result)[: endpoint.cap]
                        body = _serialize_rows(variables, rows, fmt)
                    else:
                        body = result.serialize(format=fmt)
                    media = (
                        "text/csv"
                        if fmt == ox.QueryResultsFormat.CSV
                        else "application/sparql-results+json"
                    )
                self.send_response(200)
                self.send_header("Content-Type", media)
                self.end_headers()
                self.wfile.write(body or b"")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Endpoint:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _serialize_rows(
    variables: list[ox.Variable], rows: list[ox.QuerySolution], fmt: ox.QueryResultsFormat
) -> bytes:
    import csv
    import io
    import json

    names = [v.value for v in variables]
    if fmt == ox.QueryResultsFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row[n] is None else row[n].value for n in names])
        return out.getvalue().encode()
    bindings = []
    for row in rows:
        b = {}
        for n in names:
            term = row[n]
            if isinstance(term, ox.NamedNode):
                b[n] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.Literal):
                b[n] = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        bindings.append(b)
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
