"""Licences along lineage: each derivative's declared licence checked
against its parent's by the rules in seeds/licenses.yaml, served as
`licenseConflicts` and `Model.licenseStatus` with both licences' sources."""

from __future__ import annotations

import doctest

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.lineage import licences
from tokenatlas.graph.lineage.derive import derive
from tokenatlas.graph.store.tables import License, LineageEdge, Model

from tests.conftest import gql

CONFLICTS = """
query ($family: String, $kind: LicenseConflictKind, $first: Int, $after: String) {
  licenseConflicts(family: $family, kind: $kind, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      child { slug licenseStatus roots { slug } }
      parent { slug }
      relation status kind reason
      childLicense { slug terms url }
      parentLicense { slug terms family url }
      edgeSource { id locator }
      childLicenseSource { id locator }
      parentLicenseSource { id locator }
    } }
  }
}"""


@pytest.fixture(scope="module")
def client(full_store):
    engine, _ = full_store
    with TestClient(create_app(engine=engine)) as c:
        yield c


def _declared(engine, slug: str) -> tuple[str | None, str | None]:
    """(licence slug, terms) a model holds, read from the tables."""
    with Session(engine) as s:
        row = s.exec(
            select(License.slug, License.terms)
            .join(Model, Model.license_id == License.id)
            .where(Model.slug == slug)
        ).first()
    return (row[0], row[1]) if row else (None, None)


def test_the_rules_hold_on_single_edges():
    assert doctest.testmod(licences).failed == 0


def test_an_open_licence_on_a_restricted_base_is_found_with_both_sources(client, full_store):
    engine, _ = full_store
    data = gql(client, CONFLICTS, {"kind": "OPEN_ON_RESTRICTED", "first": 20})
    found = data["licenseConflicts"]
    assert found["totalCount"] >= 1
    for edge in found["edges"]:
        node = edge["node"]
        assert node["status"] == "CONFLICT" and node["child"]["licenseStatus"] == "CONFLICT"
        assert node["childLicense"]["terms"] in ("permissive", "copyleft")
        assert node["parentLicense"]["terms"] == "restricted"
        assert node["parentLicense"]["url"].startswith("https://")
        # both licences are what the tables hold, each with the source stating it
        assert _declared(engine, node["child"]["slug"])[0] == node["childLicense"]["slug"]
        assert _declared(engine, node["parent"]["slug"])[0] == node["parentLicense"]["slug"]
        assert node["childLicenseSource"]["id"] and node["parentLicenseSource"]["id"]
        assert node["edgeSource"]["id"].startswith("open-llm-leaderboard")
        assert node["childLicense"]["slug"] in node["reason"]
        assert node["parentLicense"]["slug"] in node["reason"]


def test_every_conflict_is_listed_once_across_pages(client):
    seen, after = [], None
    while True:
        page = gql(client, CONFLICTS, {"first": 100, "after": after})["licenseConflicts"]
        seen += [(e["node"]["child"]["slug"], e["node"]["parent"]["slug"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == page["totalCount"] == len(set(seen))
    kinds = gql(client, "{ m: licenseConflicts(kind: MISSING_LICENSE) { totalCount } }")
    assert 0 < kinds["m"]["totalCount"] < len(seen)


def test_a_familys_conflicts_are_its_descendants_only(client, full_store):
    engine, _ = full_store
    first = gql(client, CONFLICTS, {"kind": "OPEN_ON_RESTRICTED", "first": 1})
    root = first["licenseConflicts"]["edges"][0]["node"]["child"]["roots"][0]["slug"]
    family = gql(client, CONFLICTS, {"family": root, "first": 100})["licenseConflicts"]
    assert family["totalCount"] >= 1
    with Session(engine) as s:
        edges = s.exec(select(LineageEdge.parent_id, LineageEdge.child_id)).all()
        root_id = s.exec(select(Model.id).where(Model.slug == root)).one()
        slugs = dict(s.exec(select(Model.id, Model.slug)).all())
    below, frontier = set(), {root_id}
    while frontier:
        frontier = {c for p, c in edges if p in frontier} - below
        below |= frontier
    assert {e["node"]["child"]["slug"] for e in family["edges"]} <= {slugs[i] for i in below}
    # the family's total (stored when derived) is the sum of each rule's (counted)
    kinds = gql(client, '{ __type(name: "LicenseConflictKind") { enumValues { name } } }')
    by_kind = [
        gql(client, CONFLICTS, {"family": root, "kind": k["name"], "first": 1})
        for k in kinds["__type"]["enumValues"]
    ]
    assert sum(d["licenseConflicts"]["totalCount"] for d in by_kind) == family["totalCount"]


def test_a_base_model_has_no_licence_status(client):
    data = gql(
        client, '{ model(slug: "Qwen/Qwen2.5-7B") { licenseStatus licenseChecks { status } } }'
    )
    assert data["model"] == {"licenseStatus": None, "licenseChecks": []}


def test_bad_arguments_get_a_coded_error(client):
    for query in (
        '{ licenseConflicts(family: "no-such-model-anywhere") { totalCount } }',
        "{ licenseConflicts(first: 0) { totalCount } }",
        '{ licenseConflicts(after: "bogus") { totalCount } }',
        # cursors that decode to digits no id has: out of range, not ASCII
        '{ licenseConflicts(after: "c2x1Zzo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5") { totalCount } }',
        '{ licenseConflicts(after: "c2x1ZzrCsg==") { totalCount } }',
    ):
        body = client.post("/graphql", json={"query": query}).json()
        assert body["errors"][0]["extensions"]["code"], body


def test_verdicts_follow_the_licence_table(full_copy):
    """Read a restricted licence as permissive and its derivatives' conflicts go:
    the verdict is the table's, not code's."""
    store = full_copy
    with TestClient(create_app(engine=store)) as c:
        query = "{ licenseConflicts(kind: OPEN_ON_RESTRICTED, first: 100) { totalCount "
        query += "edges { node { parentLicense { slug } } } } }"
        before = gql(c, query)["licenseConflicts"]
        on_llama = sum(e["node"]["parentLicense"]["slug"] == "llama-3.1" for e in before["edges"])
        assert on_llama >= 1
        with Session(store) as s:
            lic = s.exec(select(License).where(License.slug == "llama-3.1")).one()
            lic.terms = "permissive"
            s.add(lic)
            derive(s)
            s.commit()
        after = gql(c, query)["licenseConflicts"]
    assert after["totalCount"] == before["totalCount"] - on_llama


def test_a_cursor_keeps_its_place_when_the_checks_are_derived_again(full_copy):
    """A cursor names an edge, not a derived row: removing an earlier edge
    and deriving again skips nothing on the next page."""
    query = """query ($after: String) { licenseConflicts(first: 3, after: $after) {
      pageInfo { endCursor } edges { node { child { slug } parent { slug } } } } }"""
    with TestClient(create_app(engine=full_copy)) as c:
        first = gql(c, query)["licenseConflicts"]
        cursor = first["pageInfo"]["endCursor"]
        expected = gql(c, query, {"after": cursor})["licenseConflicts"]["edges"]
        gone = first["edges"][0]["node"]
        with Session(full_copy) as s:
            ids = dict(s.exec(select(Model.slug, Model.id)).all())
            for edge in s.exec(
                select(LineageEdge).where(
                    LineageEdge.child_id == ids[gone["child"]["slug"]],
                    LineageEdge.parent_id == ids[gone["parent"]["slug"]],
                )
            ):
                s.delete(edge)
            s.flush()
            derive(s)
            s.commit()
        again = gql(c, query, {"after": cursor})["licenseConflicts"]["edges"]
    assert again == expected


def test_a_licence_a_dataset_named_before_the_seeds_knew_it_takes_their_terms(full_copy, capsys):
    """A store where a dataset created `gemma` (no terms) before the seeds
    made it an alias of the Gemma terms: seeding again moves its models and
    facts to the Gemma terms, so derivatives are checked against them."""
    from tokenatlas.api.cli import main
    from tokenatlas.graph.provenance.facts import apply_preferred, encode
    from tokenatlas.graph.store.tables import Fact

    with Session(full_copy) as s:
        edge = s.exec(
            select(LineageEdge)
            .join(Model, Model.id == LineageEdge.parent_id)
            .where(Model.license_id.is_(None))
            .order_by(LineageEdge.id)
        ).first()
        parent = s.get(Model, edge.parent_id)
        s.add(License(slug="gemma", name="gemma", open=False))
        s.add(
            Fact(
                entity_kind="model",
                entity_id=parent.id,
                field="license",
                value=encode("gemma"),
                tier=3,
                source_id=edge.source_id,
                locator="test",
            )
        )
        s.flush()
        apply_preferred(s)
        derive(s)
        s.commit()
        slug = parent.slug
    assert _declared(full_copy, slug) == ("gemma", None)
    url = full_copy.url.render_as_string(hide_password=False)
    assert main(["seed", "--seeds-only", "--database-url", url]) == 0
    capsys.readouterr()
    assert _declared(full_copy, slug) == ("gemma-terms", "restricted")
    with Session(full_copy) as s:
        assert s.exec(select(License).where(License.slug == "gemma")).first() is None
    with TestClient(create_app(engine=full_copy)) as c:
        data = gql(
            c,
            """query ($slug: String!) { model(slug: $slug) { descendants(first: 50) {
                 edges { node { licenseChecks { parent { slug } parentLicense { slug } } } } }
               } }""",
            {"slug": slug},
        )
    parents = [
        ch["parentLicense"]["slug"]
        for e in data["model"]["descendants"]["edges"]
        for ch in e["node"]["licenseChecks"]
        if ch["parent"]["slug"] == slug
    ]
    assert parents and set(parents) == {"gemma-terms"}, parents
