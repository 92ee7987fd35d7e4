"""The HTTP stack's own ceiling: a bare Starlette app that answers /graphql
with precomputed bytes (the same bytes tokenatlas answered for that query)
and /readyz with 200. Run by bench_load.py as `python bench/bare_app.py
ANSWERS.json --port P`."""

from __future__ import annotations

import argparse
import json

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def build(answers: dict[str, str]) -> Starlette:
    encoded = {q: body.encode() for q, body in answers.items()}

    async def graphql(request: Request) -> Response:
        query = json.loads(await request.body())["query"]
        return Response(encoded[query], media_type="application/json")

    async def readyz(_: Request) -> Response:
        return JSONResponse({"status": "ready"})

    return Starlette(
        routes=[Route("/graphql", graphql, methods=["POST"]), Route("/readyz", readyz)]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("answers")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with open(args.answers) as f:
        app = build(json.load(f))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
