"""Named queries: the files of `queries/` at stable URLs.

- `/q` lists them: name, what each answers, its variables and its URLs.
- `/q/<name>` runs one (JSON, or the table its Accept header asks for);
  `/q/<name>.json`, `.csv` and `.ndjson` pin the format, so a link in an
  article opens the same table in a spreadsheet.
- `/export.csv` and `/export.ndjson` run any query given in the URL
  (`?query=...&variables=...`, as a GraphQL GET has them) as a table.
- Query-string parameters are its variables (`?from=2026-01-01&first=20`),
  read as the variable's type says: strings, dates and enums as written,
  numbers, booleans and lists as JSON. An unknown parameter is a 400 that
  lists the variables.

They run through /graphql's own path (api.http.graphql), under the same
limits, with the same coded errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLSchema,
    ListTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    TypeNode,
    parse,
    print_ast,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tokenatlas.api.errors import Code, Rejected
from tokenatlas.api.http.export import CSV, NDJSON, NotATable, columns_of
from tokenatlas.api.http.export import Path as Columns  # a column: its field path
from tokenatlas.api.http.graphql import JSON, GraphQLEndpoint, negotiate, request_params
from tokenatlas.api.schema import schema as strawberry_schema

FOLDER = Path(__file__).resolve().parents[2] / "queries"
FORMATS = {"json": JSON, "csv": CSV, "ndjson": NDJSON}
# Variables whose value is read as written, not as JSON.
_TEXT_TYPES = {"String", "ID", "Date", "DateTime", "Decimal", "BigInt"}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str  # its comment: the question, then what the answer holds
    text: str  # the file, comment included (GraphiQL shows it)
    variables: dict[str, TypeNode]  # each variable's declared type
    columns: list[Columns] | None  # its table's columns; None when its answer is no one table

    @property
    def tabular(self) -> bool:
        return self.columns is not None

    @property
    def question(self) -> str:
        """The question it answers: its comment up to the first '?'."""
        head, mark, _ = self.description.partition("?")
        return head + mark if mark else self.description

    def as_json(self) -> dict[str, Any]:
        formats = FORMATS if self.tabular else {"json": JSON}
        return {
            "name": self.name,
            "description": self.description,
            "variables": {n: print_ast(t) for n, t in self.variables.items()},
            "urls": {f: f"/q/{self.name}.{f}" for f in formats},
        }


def _read(path: Path, schema: GraphQLSchema) -> NamedQuery:
    text = path.read_text()
    document = parse(text)
    comment = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment.append(line.lstrip("#").strip())
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise ValueError(f"{path.name}: a named query holds one operation")
    variables = {v.variable.name.value: v.type for v in operations[0].variable_definitions or ()}
    try:
        columns: list[Columns] | None = columns_of(schema, document, operations[0])
    except NotATable:
        columns = None
    return NamedQuery(path.stem, " ".join(comment), text, variables, columns)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query by name, read once."""
    schema = strawberry_schema._schema
    return {q.name: q for q in (_read(p, schema) for p in sorted(FOLDER.glob("*.graphql")))}


def _base(t: TypeNode) -> tuple[str, bool]:
    """The named type under a type, and whether a list is on the way."""
    listed = False
    while isinstance(t, NonNullTypeNode | ListTypeNode):
        listed = listed or isinstance(t, ListTypeNode)
        t = t.type
    return t.name.value, listed  # type: ignore[attr-defined]


def variables_of(query: NamedQuery, params: dict[str, list[str]]) -> dict[str, Any]:
    """The query string as the query's variables; a list variable may be
    given as JSON (`?models=["a","b"]`) or repeated (`?models=a&models=b`)."""
    unknown = sorted(set(params) - set(query.variables))
    if unknown:
        known = ", ".join(query.variables) or "none"
        raise Rejected(
            f"'{query.name}' has no variable {', '.join(unknown)} (its variables: {known})",
            Code.BAD_REQUEST,
        )
    out: dict[str, Any] = {}
    for name, values in params.items():
        base, listed = _base(query.variables[name])
        if len(values) > 1 and not listed:
            raise Rejected(
                f"'{name}' is given {len(values)} times; it takes one value", Code.BAD_REQUEST
            )
        value = values[-1]
        if listed and (len(values) > 1 or not value.startswith("[")):
            out[name] = [v if base in _TEXT_TYPES else _json_or_text(v) for v in values]
            continue
        if base in _TEXT_TYPES and not listed:
            out[name] = value
            continue
        try:
            out[name] = json.loads(value)
        except ValueError:
            out[name] = value  # an enum value, or a bad value the type check will name
    return out


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def routes(graphql: GraphQLEndpoint):
    """The /q endpoints, answering through `graphql`."""

    async def listing(_: Request) -> Response:
        return JSONResponse({"queries": [q.as_json() for q in named_queries().values()]})

    async def one(request: Request) -> Response:
        asked = request.path_params["name"]
        name, _, extension = asked.partition(".")
        query = named_queries().get(name)
        try:
            if query is None or (extension and extension not in FORMATS):
                known = ", ".join(named_queries())
                raise Rejected(
                    f"no named query '{asked}' (named queries: {known}; formats: "
                    f"{', '.join(FORMATS)})",
                    Code.NOT_FOUND,
                    status=404,
                )
            media = FORMATS[extension] if extension else negotiate(request.headers.get("accept"))
            params = request.query_params
            variables = variables_of(query, {k: params.getlist(k) for k in params})
        except Rejected as rejected:
            return JSONResponse({"errors": [rejected.formatted()]}, rejected.status)
        params = {"query": query.text, "variables": variables}
        return await graphql.run(request, params, media, strict=True)

    async def export(request: Request) -> Response:
        media = {"csv": CSV, "ndjson": NDJSON}.get(request.path_params["format"])
        try:
            if media is None:
                raise Rejected(
                    "export as /export.csv or /export.ndjson", Code.NOT_FOUND, status=404
                )
            params = await request_params(request, graphql.limits)
        except Rejected as rejected:
            return JSONResponse({"errors": [rejected.formatted()]}, rejected.status)
        return await graphql.run(request, params, media, strict=True)

    return listing, one, export
