"""A Hugging Face Hub model listing, as a user loads one: `tokenatlas ingest
hf-models FILE` (JSON Lines shaped like the Hub's /api/models) and
`tokenatlas update hf-models --author ORG` (the huggingface_hub library
against a local HTTP server standing in for the Hub), then the lineage
and licences they add, read through the API."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient
from tokenatlas.api.cli import main
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.store.census import census

from tests.conftest import gql, sqlite_copy_of

QWEN = "Qwen/Qwen2.5-7B"
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
LISTING = [
    {
        "id": "acme/qwen-tuned",
        "author": "acme",
        "tags": [f"base_model:{QWEN}", f"base_model:finetune:{QWEN}", "license:apache-2.0"],
        "cardData": {"base_model": QWEN, "license": "apache-2.0"},
        "downloads": 10,
        "likes": 1,
        "createdAt": "2025-01-02T03:04:05.000Z",
    },
    {"id": "acme/qwen-tuned-GGUF", "tags": ["base_model:quantized:acme/qwen-tuned"]},
    {"id": "acme/llama-remix", "tags": [f"base_model:finetune:{LLAMA}"], "license": "mit"},
    {"id": "acme/merged", "tags": ["base_model:acme/qwen-tuned", "base_model:acme/llama-remix"]},
]
FAMILY = """query ($slug: String!) { model(slug: $slug) {
  descendantCount
  merges: descendantCount(relation: "merge")
  quantizations: descendantCount(relation: "quantization")
} }"""


def _write(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


def _run(engine, *argv: str) -> int:
    return main([*argv, "--database-url", engine.url.render_as_string(hide_password=False)])


def _census(engine) -> dict:
    with Session(engine) as s:
        return census(s)


def test_a_listing_adds_its_models_lineage_and_licences(full_copy, tmp_path, capsys):
    with TestClient(create_app(engine=full_copy)) as c:
        before = gql(c, FAMILY, {"slug": QWEN})["model"]
        listing = _write(tmp_path / "acme.jsonl", LISTING)
        assert _run(full_copy, "ingest", "hf-models", str(listing)) == 0
        assert "4 models (0 already in the store, 4 new)" in capsys.readouterr().out
        after = gql(c, FAMILY, {"slug": QWEN})["model"]
        assert after["descendantCount"] == before["descendantCount"] + 3
        assert after["merges"] == before["merges"] + 1
        assert after["quantizations"] == before["quantizations"] + 1
        tuned = gql(
            c,
            """{ model(slug: "acme/qwen-tuned") { vendor { slug kind }
                 license { slug } parents { relation model { slug } source { id locator } } } }""",
        )["model"]
        assert tuned["vendor"]["kind"] == "namespace" and tuned["license"]["slug"] == "apache-2.0"
        assert tuned["parents"][0]["source"] == {"id": "hf-models:acme", "locator": "line 1"}
        remix = gql(
            c,
            """{ licenseConflicts(family: "acme/llama-remix") { totalCount }
                 model(slug: "acme/llama-remix") { licenseStatus licenseChecks {
                   kind childLicenseSource { id locator } parentLicense { terms } } } }""",
        )
        check = remix["model"]["licenseChecks"][0]
        assert remix["model"]["licenseStatus"] == "CONFLICT"
        assert check["kind"] == "OPEN_ON_RESTRICTED"
        assert check["childLicenseSource"] == {"id": "hf-models:acme", "locator": "line 3"}
        assert check["parentLicense"]["terms"] == "restricted"
        # the same file again writes nothing
        counts = _census(full_copy)
        assert _run(full_copy, "ingest", "hf-models", str(listing)) == 0
        assert "unchanged" in capsys.readouterr().out
        assert _census(full_copy) == counts
        # a newer copy of the listing replaces the old one's edges
        _write(listing, [LISTING[0], {**LISTING[1], "tags": []}, *LISTING[2:]])
        assert _run(full_copy, "ingest", "hf-models", str(listing)) == 0
        again = gql(c, FAMILY, {"slug": QWEN})["model"]
        assert again["quantizations"] == before["quantizations"]


@pytest.fixture(scope="module")
def refusing(full_store, tmp_path_factory):
    """One writable copy of the full store for every refused listing: each
    test checks that its refusal left it as it was."""
    copy = sqlite_copy_of(full_store[0], tmp_path_factory.mktemp("refusing"))
    yield copy
    copy.dispose()


@pytest.mark.parametrize(
    ("records", "line", "reason"),
    [
        (
            [LISTING[0], {"id": "acme/x", "tags": ["base_model:nobody/nothing-at-all"]}],
            2,
            "base model 'nobody/nothing-at-all' of 'acme/x' is neither in this listing nor "
            "in the store",
        ),
        (
            [
                {"id": "acme/a", "tags": [f"base_model:{QWEN}"]},
                {"id": "acme/b", "tags": ["base_model:acme/c"]},
                {"id": "acme/c", "tags": ["base_model:acme/b"]},
            ],
            None,
            "closes a cycle",
        ),
        ([LISTING[0], "{not json"], 2, "not JSON"),
        ([LISTING[0], LISTING[0]], 2, "'acme/qwen-tuned' is listed already, at line 1"),
        ([{"id": "acme/self", "tags": ["base_model:acme/self"]}], 1, "names itself"),
        ([{"name": "no id"}], 1, "'id' must be a Hub id"),
        ([{"id": "acme/q", "tags": ["base_model:distilled:acme/x"]}], 1, "relation 'distilled'"),
        ([{"id": "acme/a_b"}, {"id": "acme/a-b"}], 2, "make the same slug 'acme/a-b'"),
        ([{"id": "acme/n", "cardData": {"base_model": 5}}], 1, "'cardData.base_model' must be"),
    ],
)
def test_a_bad_listing_is_refused_with_line_and_reason(
    refusing, tmp_path, capsys, records, line, reason
):
    counts = _census(refusing)
    listing = _write(tmp_path / "bad.jsonl", records)
    assert _run(refusing, "ingest", "hf-models", str(listing)) == 2
    err = capsys.readouterr().err
    assert reason in err and "nothing written" in err, err
    if line is not None:
        assert f"bad.jsonl:{line}:" in err, err
    else:  # a cycle names the listing and the line of the edge that closes it
        assert "hf-models:bad, line 3" in err or "hf-models:bad, line 2" in err, err
    assert _census(refusing) == counts


class _Hub(BaseHTTPRequestHandler):
    """The two Hub routes huggingface_hub asks: an author's listing, one model."""

    models: dict[str, dict] = {}
    moved: dict[str, str] = {"oldorg/old-base": "neworg/new-base"}
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        self.asked.append(self.path)
        if url.path == "/api/models":
            author = parse_qs(url.query).get("author", [""])[0]
            if author == "locked":
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = [m for m in self.models.values() if m["id"].split("/")[0] == author]
        elif url.path.startswith("/api/models/"):
            name = unquote(url.path.removeprefix("/api/models/")).split("/revision/")[0]
            if name in self.moved:  # a renamed repository: the Hub redirects
                self.send_response(307)
                self.send_header("Location", f"/api/models/{self.moved[name]}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = self.models.get(name)
            if body is None:
                locked = name.startswith("gated/")
                self.send_response(401 if locked else 404)
                self.send_header("X-Error-Code", "GatedRepo" if locked else "RepoNotFound")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def hub():
    _Hub.models = {m["id"]: m for m in LISTING}
    _Hub.models["upstream/base"] = {"id": "upstream/base", "author": "upstream", "tags": []}
    _Hub.models["acme/from-upstream"] = {
        "id": "acme/from-upstream",
        "author": "acme",
        "tags": ["base_model:adapter:upstream/base", "license:cc-by-nc-4.0"],
    }
    _Hub.models["neworg/new-base"] = {"id": "neworg/new-base", "tags": ["license:mit"]}
    for name, base in (
        ("on-renamed", "oldorg/old-base"),
        ("on-deleted", "gone/deleted-base"),
        ("on-gated", "gated/base"),
    ):
        _Hub.models[f"drift/{name}"] = {"id": f"drift/{name}", "tags": [f"base_model:{base}"]}
    _Hub.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_update_fetches_an_authors_models_and_their_bases(full_copy, hub, capsys):
    argv = ["update", "hf-models", "--author", "acme", "--hub-endpoint", hub]
    assert _run(full_copy, *argv) == 0
    out = capsys.readouterr().out
    assert (
        f"{hub}/api/models?author=acme: 6 models fetched" in out and "hf-models:author=acme" in out
    )
    # the one base the store lacked was fetched by itself; Qwen's was not
    assert any(a.startswith("/api/models/upstream") for a in _Hub.asked)
    assert not any("Qwen" in a for a in _Hub.asked)
    with TestClient(create_app(engine=full_copy)) as c:
        data = gql(
            c,
            """{ model(slug: "upstream/base") { descendants { edges { node { slug } } } }
                 m: model(slug: "acme/from-upstream") { license { slug } } }""",
        )
    assert data["model"]["descendants"]["edges"] == [{"node": {"slug": "acme/from-upstream"}}]
    assert data["m"]["license"]["slug"] == "cc-by-nc-4.0"


def test_update_keeps_an_author_whose_bases_moved_or_went(full_copy, hub, capsys):
    """A base model deleted, gated or renamed since its derivative named it
    does not refuse the author: a rename is followed (the tag's id stays an
    alias of the new one), the others are left as unresolved names."""
    argv = ["update", "hf-models", "--author", "drift", "--hub-endpoint", hub]
    assert _run(full_copy, *argv) == 0
    out = capsys.readouterr().out
    assert "2 base models the Hub no longer serves" in out, out
    with TestClient(create_app(engine=full_copy)) as c:
        data = gql(
            c,
            """{ renamed: model(slug: "neworg/new-base") {
                   aliases descendants { edges { node { slug } } } }
                 unresolvedNames(source: "hf-models:author=drift") { name reason }
                 orphan: model(slug: "drift/on-deleted") { generation } }""",
        )
    assert data["renamed"]["descendants"]["edges"] == [{"node": {"slug": "drift/on-renamed"}}]
    assert "oldorg/old-base" in data["renamed"]["aliases"]
    assert data["unresolvedNames"] == [
        {"name": "gated/base", "reason": "unavailable"},
        {"name": "gone/deleted-base", "reason": "unavailable"},
    ]
    assert data["orphan"]["generation"] == 0  # its edge is not invented


def test_update_says_when_the_hub_refuses(full_copy, hub, capsys):
    counts = _census(full_copy)
    argv = ["update", "hf-models", "--author", "locked", "--hub-endpoint", hub]
    assert _run(full_copy, *argv) == 2
    err = capsys.readouterr().err
    assert "the Hub answered" in err and "403" in err, err
    argv = ["update", "hf-models", "--author", "nobody", "--hub-endpoint", hub]
    assert _run(full_copy, *argv) == 2
    assert "the Hub lists no model by 'nobody'" in capsys.readouterr().err
    assert _run(full_copy, "update", "hf-models") == 2
    assert "--author" in capsys.readouterr().err
    assert _census(full_copy) == counts


def test_a_listing_loads_into_an_empty_store_on_either_backend(empty_store, tmp_path, capsys):
    """The bulk path (ids, vendors, facts, edges, the derived index and its
    licence checks) on SQLite and on PostgreSQL."""
    base = {"id": "upstream/base", "tags": ["license:llama3.1"]}
    records = [
        base,
        {"id": "acme/qwen-tuned", "tags": ["base_model:finetune:upstream/base"], "license": "mit"},
        {"id": "acme/q-GGUF", "tags": ["base_model:quantized:acme/qwen-tuned"]},
    ]
    listing = _write(tmp_path / "hub.jsonl", records)
    assert _run(empty_store, "seed", "--seeds-only") == 0  # the licences' terms
    assert _run(empty_store, "ingest", "hf-models", str(listing)) == 0
    assert _run(empty_store, "ingest", "hf-models", str(listing)) == 0
    assert "unchanged" in capsys.readouterr().out
    with TestClient(create_app(engine=empty_store)) as c:
        data = gql(
            c,
            """{ model(slug: "upstream/base") { descendantCount
                   descendants { edges { node { slug generation licenseStatus } } } }
                 licenseConflicts(family: "upstream/base") {
                   totalCount edges { node { child { slug } kind } } } }""",
        )
    nodes = [e["node"] for e in data["model"]["descendants"]["edges"]]
    assert data["model"]["descendantCount"] == 2
    assert {(n["slug"], n["generation"]) for n in nodes} == {
        ("acme/qwen-tuned", 1),
        ("acme/q-gguf", 2),
    }
    kinds = {
        e["node"]["child"]["slug"]: e["node"]["kind"] for e in data["licenseConflicts"]["edges"]
    }
    assert kinds == {"acme/qwen-tuned": "OPEN_ON_RESTRICTED", "acme/q-gguf": "MISSING_LICENSE"}
    assert data["licenseConflicts"]["totalCount"] == 2


def test_licences_the_hub_names_in_the_card_and_share_alike(full_copy, tmp_path, capsys):
    """`license: other` with `cardData.license_name` is the named licence
    (Qwen's own); a non-commercial share-alike base keeps its licence on
    derivatives: another non-commercial licence drops the share-alike."""
    records = [
        {
            "id": "acme/own-terms",
            "tags": [f"base_model:{QWEN}"],
            "license": "other",
            "cardData": {"license": "other", "license_name": "qwen"},
        },
        {"id": "acme/nc-sa", "tags": ["license:cc-by-nc-sa-4.0"]},
        {"id": "acme/nc-on-sa", "tags": ["base_model:acme/nc-sa", "license:cc-by-nc-4.0"]},
        {"id": "acme/sa-on-sa", "tags": ["base_model:acme/nc-sa", "license:cc-by-nc-sa-4.0"]},
    ]
    assert _run(full_copy, "ingest", "hf-models", str(_write(tmp_path / "l.jsonl", records))) == 0
    capsys.readouterr()
    with TestClient(create_app(engine=full_copy)) as c:
        data = gql(
            c,
            """{ own: model(slug: "acme/own-terms") { license { slug terms } }
                 licenseConflicts(family: "acme/nc-sa") {
                   edges { node { child { slug } kind } } } }""",
        )
    assert data["own"]["license"] == {"slug": "qianwen-license", "terms": "restricted"}
    kinds = {
        e["node"]["child"]["slug"]: e["node"]["kind"] for e in data["licenseConflicts"]["edges"]
    }
    assert kinds == {"acme/nc-on-sa": "DROPS_SHARE_ALIKE"}


def test_two_listings_with_one_name_are_not_one_source(full_copy, tmp_path, capsys):
    """Each file is the source named by its stem: two files named alike in
    one ingest would replace each other, so the ingest is refused."""
    counts = _census(full_copy)
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    one = _write(tmp_path / "a" / "hub.jsonl", [LISTING[0]])
    two = _write(tmp_path / "b" / "hub.jsonl", [LISTING[2]])
    assert _run(full_copy, "ingest", "hf-models", str(one), str(two)) == 2
    err = capsys.readouterr().err
    assert "scope 'hub'" in err and "--scope" in err, err
    assert _census(full_copy) == counts


@pytest.mark.postgres
def test_readers_are_not_locked_out_while_postgres_derives(empty_postgres, tmp_path, capsys):
    """On PostgreSQL an ingest's derivation keeps the lineage indexes: a
    reader answers from the previous index while it runs, instead of
    waiting on a table lock until the import commits."""
    from sqlalchemy import text
    from tokenatlas.graph.lineage.derive import derive

    listing = _write(
        tmp_path / "hub.jsonl",
        [{"id": "up/base"}, LISTING[1] | {"id": "acme/q", "tags": ["base_model:up/base"]}],
    )
    assert _run(empty_postgres, "ingest", "hf-models", str(listing)) == 0
    capsys.readouterr()
    with Session(empty_postgres) as writer:
        derive(writer)  # not committed: holds whatever locks it took
        with empty_postgres.connect() as reader:
            reader.execute(text("SET lock_timeout = '2s'"))
            for table in ("lineageclosure", "lineagesummary", "licensecheck"):
                reader.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        writer.rollback()
