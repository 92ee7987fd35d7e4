"""/graphql over HTTP, as the GraphQL-over-HTTP spec has it.

- POST with `Content-Type: application/json` (else 415), or GET with
  `query`, `variables`, `operationName` in the URL (queries only; else 405).
- The answer is `application/graphql-response+json` when the client accepts
  it, else `application/json` (older clients); anything else is 406.
- A request that is not GraphQL (bad JSON, no query) is 400; a document
  that does not parse, validate or keep within the limits is 400 for
  graphql-response+json and 200 for application/json; an executed operation
  is 200, its errors in `errors`; the time limit is 503.
- Every error has `extensions.code`; every executed answer has
  `extensions.cost` (requested and counted nodes).
- `Accept: text/csv` or `application/x-ndjson` asks for the answer as a
  table (api.http.export), under the same limits; a query whose answer
  cannot be one table is refused before it runs, and an answer with errors
  is a 400 with the errors as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import anyio.to_thread
import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, validate
from graphql.execution.values import get_variable_values
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from tokenatlas.api.errors import Code, Rejected, format_error
from tokenatlas.api.http.answers import Answers, answer_key, cache_headers, matches
from tokenatlas.api.http.cost import counted_nodes, requested_nodes
from tokenatlas.api.http.execution import Executor, TimedOut
from tokenatlas.api.http.export import TABLES, NotATable, columns_of, table
from tokenatlas.api.http.limits import check_shape, check_variables, exceeded, parse_document
from tokenatlas.api.http.settings import Limits
from tokenatlas.graph.store import version

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class GraphQLEndpoint:
    """The ASGI endpoint behind /graphql."""

    def __init__(
        self,
        schema: Any,
        executor: Executor,
        limits: Limits,
        ide: Callable[[], Response],
        unavailable: Callable[[], str | None] = lambda: None,
        *,
        answers: Answers | None = None,
        max_age: int = 60,
    ):
        """`ide` makes the page a browser gets; `unavailable` says why the
        store cannot answer yet (None when it can); `answers` keeps answers
        per state of the store (api.http.answers), GET answers may be
        cached by HTTP caches for `max_age` seconds."""
        self.schema = schema
        self.executor = executor
        self.limits = limits
        self.ide = ide  # the GraphiQL page
        self.unavailable = unavailable
        self.answers = answers or Answers(0)
        self.max_age = max_age
        self._prepare = prepared_documents(schema, limits)

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        if request.method == "GET" and _wants_html(request):
            return self.ide()  # a browser: GraphiQL, opening any query the link carries
        media = JSON
        try:
            media = negotiate(request.headers.get("accept"))
            params = await request_params(request, self.limits)
        except Rejected as rejected:
            return _refused(rejected, media)
        return await self.run(request, params, media)

    async def run(
        self, request: Request, params: dict[str, Any], media: str, *, strict: bool = False
    ) -> Response:
        """Answer checked parameters (query, variables, operationName) as
        `media`; the named queries at /q come here too (`strict`: a document
        or variable error is a 400 whatever the media type)."""
        try:
            if (reason := self.unavailable()) is not None:
                raise Rejected(reason, Code.UNAVAILABLE, status=503, headers={"Retry-After": "5"})
            key = await self._key(params, media)
            if request.method == "GET" and matches(request.headers.get("if-none-match"), key):
                return Response(status_code=304, headers=self._cacheable(request, key))
            if media not in TABLES and (kept := self.answers.get(key)) is not None:
                return _raw(kept, 200, media, self._cacheable(request, key))
            return await self._answer(request, params, media, key)
        except Rejected as rejected:
            return _refused(rejected, media, strict=strict)

    async def _key(self, params: dict[str, Any], media: str) -> str:
        """The answer's key: its inputs and the store's state (read off the
        event loop when this process has not read it within a moment)."""
        engine = self.executor.engine
        state = version.known(engine) or await anyio.to_thread.run_sync(version.state_of, engine)
        return answer_key(params, media, state)

    def _cacheable(self, request: Request, key: str) -> dict[str, str]:
        return cache_headers(request.method, key, self.max_age)

    async def _answer(
        self, request: Request, params: dict[str, Any], media: str, key: str
    ) -> Response:
        limits = self.limits
        document = self._prepare(params["query"])
        name = params.get("operationName")
        operation = get_operation_ast(document, name)
        if operation is None:
            message = (
                f"No operation named '{name}' in the document."
                if name
                else "The document holds several operations: name one in 'operationName'."
            )
            raise Rejected(message, Code.BAD_REQUEST, document=True)
        if request.method == "GET" and operation.operation is not OperationType.QUERY:
            raise Rejected(
                "Only queries run over GET; POST anything else.",
                Code.METHOD_NOT_ALLOWED,
                status=405,
                headers={"Allow": "POST"},
            )
        variables = params.get("variables") or {}
        check_variables(variables, limits)
        coerced = get_variable_values(
            self.schema._schema, operation.variable_definitions or (), variables, max_errors=10
        )
        if isinstance(coerced, list):
            raise _invalid(coerced[0], Code.INVALID_ARGUMENT)
        paths = None
        if media in TABLES:  # the table's shape comes from the query, before it runs
            try:
                paths = columns_of(self.schema._schema, document, operation)
            except NotATable as exc:
                raise Rejected(str(exc), Code.BAD_REQUEST) from None
        requested = requested_nodes(self.schema._schema, document, operation, coerced)
        if requested > limits.max_nodes:
            raise exceeded(
                "nodes",
                limits.max_nodes,
                requested,
                f"The query may return {requested:,} nodes; at most {limits.max_nodes:,} are "
                "allowed. Ask for smaller pages (first) or fewer nested lists.",
            )
        try:
            result = await self.executor.run(
                document,
                operation_name=name,
                variables=variables,
                request=request,
                timeout=limits.timeout_s,
            )
        except TimedOut:
            raise Rejected(
                f"The query ran longer than {limits.timeout_s:g} s and was stopped.",
                Code.TIMEOUT,
                status=503,
            ) from None
        if paths is not None:
            return _table(result, paths, media, self._cacheable(request, key))
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [format_error(e) for e in result.errors]
        body["extensions"] = {
            "cost": {
                "requestedQueryCost": requested,
                "actualQueryCost": counted_nodes(result.data),
                "maxQueryCost": limits.max_nodes,
            }
        }
        content = _encode(body)
        if result.errors:
            return _raw(content, 200, media, {"Cache-Control": "no-store"})
        self.answers.put(key, content)
        return _raw(content, 200, media, self._cacheable(request, key))


def prepared_documents(schema: Any, limits: Limits) -> Callable[[str], Any]:
    """A document's text parsed, checked against the limits and validated,
    once per text (the last 512 texts are kept); a refusal is raised each time."""

    @lru_cache(maxsize=512)
    def prepare(query: str) -> Any:
        document = parse_document(query, limits)
        check_shape(document, limits)
        errors = validate(schema._schema, document)
        if errors:
            raise _invalid(errors[0], Code.GRAPHQL_VALIDATION_FAILED)
        return document

    return prepare


def _refused(rejected: Rejected, media: str, *, strict: bool = False) -> Response:
    """A refusal as JSON (also when a table was asked for): a document that
    failed is 200 for application/json (older clients) unless `strict`,
    400 otherwise."""
    status = rejected.status
    if rejected.document:
        status = 200 if media == JSON and not strict else 400
    media = JSON if media in TABLES else media
    return _respond({"errors": [rejected.formatted()]}, status, media, rejected.headers)


def _table(result: Any, paths: list, media: str, headers: dict[str, str]) -> Response:
    """The answer as CSV or NDJSON, its rows made as they are streamed; a
    400 with the errors when it has any."""
    if result.errors:
        body = {"errors": [format_error(e) for e in result.errors], "data": result.data}
        return _respond(body, 400, JSON)
    root = next(iter(result.data or {}), "answer")
    extension = "csv" if media == TABLES[0] else "ndjson"
    return StreamingResponse(
        table(result.data, paths, media),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{root}.{extension}"', **headers},
    )


async def request_params(request: Request, limits: Limits) -> dict[str, Any]:
    """The GraphQL parameters of a GET's URL or a POST's JSON body, checked."""
    if request.method == "GET":
        params: dict[str, Any] = dict(request.query_params)
        if "variables" in params:
            params["variables"] = _json(params["variables"], "variables")
        if "extensions" in params:
            params["extensions"] = _json(params["extensions"], "extensions")
    elif request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != JSON:
            raise Rejected(
                f"POST a JSON body with Content-Type: {JSON}, not '{kind or 'none'}'.",
                Code.UNSUPPORTED_MEDIA_TYPE,
                status=415,
            )
        params = _json(await _body(request, limits), "body")
    else:
        raise Rejected(
            "Use GET or POST.",
            Code.METHOD_NOT_ALLOWED,
            status=405,
            headers={"Allow": "GET, POST"},
        )
    if not isinstance(params, dict):
        raise Rejected("The request body must be a JSON object.", Code.BAD_REQUEST)
    query = params.get("query")
    if not isinstance(query, str):
        raise Rejected("'query' must be a string holding a GraphQL document.", Code.BAD_REQUEST)
    for name in ("variables", "extensions"):
        if params.get(name) is not None and not isinstance(params[name], dict):
            raise Rejected(f"'{name}' must be a JSON object.", Code.BAD_REQUEST)
    name = params.get("operationName")
    if name is not None and not isinstance(name, str):
        raise Rejected("'operationName' must be a string.", Code.BAD_REQUEST)
    return params


async def _body(request: Request, limits: Limits) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_large(int(declared), limits)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limits.max_body_bytes:
            raise _too_large(len(body), limits)
    return body


def _encode(body: dict) -> bytes:
    """Compact UTF-8 JSON; values JSON has no type for (Decimal) as strings."""
    return orjson.dumps(body, default=str)


def _raw(content: bytes, status: int, media: str, headers: dict | None = None) -> Response:
    return Response(
        content, status_code=status, media_type=f"{media}; charset=utf-8", headers=headers
    )


def _respond(body: dict, status: int, media: str, headers: dict | None = None) -> Response:
    return _raw(_encode(body), status, media, headers)


def _json(text: str | bytes, what: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Rejected(f"The {what} is not valid JSON: {exc}", Code.BAD_REQUEST) from None


def _invalid(error: GraphQLError, code: Code) -> Rejected:
    return Rejected(error.message, code, document=True, locations=error.locations)


def _too_large(size: int, limits: Limits) -> Rejected:
    return Rejected(
        f"The request body has {size:,} bytes; at most {limits.max_body_bytes:,} are allowed.",
        Code.PAYLOAD_TOO_LARGE,
        status=413,
        extensions={"limit": "body", "max": limits.max_body_bytes, "found": size},
    )


def _accepted(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q, best first."""
    ranges = []
    for part in (header or "").split(","):
        media, *rest = [p.strip() for p in part.split(";")]
        q = 1.0
        for r in rest:
            if r.startswith("q="):
                try:
                    q = float(r[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    return sorted(ranges, key=lambda mr: -mr[1])


def negotiate(header: str | None) -> str:
    """The response media type for an Accept header (none: application/json)."""
    if not header or not header.strip():
        return JSON
    for media, q in _accepted(header):
        if q <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
        if media in TABLES:
            return media
    raise Rejected(
        f"Accept {GRAPHQL_RESPONSE} or {JSON}, or {' or '.join(TABLES)} for a table.",
        Code.NOT_ACCEPTABLE,
        status=406,
    )


def _wants_html(request: Request) -> bool:
    ranges = _accepted(request.headers.get("accept"))
    return bool(ranges) and ranges[0][0] == "text/html"
