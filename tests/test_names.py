"""The normalisation rules' examples (doctests) and the resolver's decisions."""

from __future__ import annotations

import doctest

import tokenatlas.graph.resolve.names
from tokenatlas.graph.resolve.index import ModelIndex


def test_normalisation_examples_hold():
    result = doctest.testmod(tokenatlas.graph.resolve.names)
    assert result.attempted > 10 and result.failed == 0


def _index() -> ModelIndex:
    index = ModelIndex()
    for slug, names in {
        "claude-opus-4.6": ["Claude Opus 4.6", "anthropic/claude-opus-4.6"],
        "qwen3.6-plus": ["Qwen3.6 Plus"],
        "qwen3.6-plus-preview": ["Qwen3.6 Plus Preview"],
        "gpt-5.4": ["GPT-5.4"],
        "gpt-5.4-mini": ["GPT-5.4 mini"],
    }.items():
        for name in [slug, *names]:
            index.add_name(slug, name)
    return index


def test_rules_reach_the_model_and_say_how():
    found = _index().resolve("anthropic/claude-4.6-opus-20260205:free")
    assert found.model == "claude-opus-4.6" and found.variant == "free"
    assert set(found.rules) >= {"endpoint", "date", "word-order"}
    assert _index().resolve("Qwen 3.6 Plus").model == "qwen3.6-plus"


def test_a_name_two_models_share_is_ambiguous_not_guessed():
    index = _index()
    index.add_name("gpt-5.4-mini", "gpt-5.4")  # a careless alias makes it mean two models
    found = index.resolve("GPT 5.4")
    assert found.model is None and found.status == "ambiguous"
    assert set(found.candidates) == {"gpt-5.4", "gpt-5.4-mini"}


def test_unknown_stays_unknown():
    found = _index().resolve("Imaginary 9")
    assert found.status == "unknown" and found.candidates == ()
