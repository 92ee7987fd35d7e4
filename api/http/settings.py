"""What an operator sets for a running server: the store's pool, the limits
every request is held to, CORS. Defaults are strict enough for a public
endpoint; each one reads from a TOKENATLAS_* environment variable, and
`tokenatlas serve` flags override those."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any


class SettingsError(ValueError):
    """A setting or limit an operator gave cannot be used (the message says which)."""


@dataclass(frozen=True)
class Limits:
    """The shape and cost a request may have. Every limit answers with
    `extensions.code` LIMIT_EXCEEDED and says which limit, its maximum and
    what the request asked for."""

    max_depth: int = 10  # fields nested in fields (introspection not counted)
    max_aliases: int = 15  # aliased fields in the whole document
    max_chars: int = 15_000  # characters of the query document
    max_tokens: int = 2_000  # lexical tokens of the document
    max_string: int = 1_000  # characters of any string argument or variable
    max_list_argument: int = 100  # items of any list argument or variable
    max_nodes: int = 500_000  # objects the answer may hold, estimated before running
    timeout_s: float = 10.0  # wall time of one request, queueing included
    max_body_bytes: int = 1_000_000  # size of a POST body


@dataclass(frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    # Requests executing at once per process, each on one pooled connection.
    pool_size: int = 8
    # Seconds a request may wait for a connection before it fails.
    pool_timeout_s: float = 10.0
    # Origins allowed by CORS; empty: CORS off (same origin only).
    cors_origins: tuple[str, ...] = ()
    # Answers kept in memory per state of the store (0: none kept).
    answer_cache_entries: int = 4096
    # Seconds an HTTP cache may reuse a GET answer (sent as Cache-Control).
    cache_max_age_s: int = 60

    def __post_init__(self) -> None:
        for name in ("pool_size", "pool_timeout_s", "answer_cache_entries", "cache_max_age_s"):
            value = getattr(self, name)
            least = 1 if name == "pool_size" else 0
            if value < least:
                raise SettingsError(f"{name} must be {least} or more, not {value}")

    def to_env(self) -> dict[str, str]:
        """The TOKENATLAS_* variables that give these settings back through `from_env`."""
        env = {}
        for option in options():
            owner = self.limits if option.of_limits else self
            value = getattr(owner, option.name)
            env[option.env] = ",".join(value) if isinstance(value, tuple) else str(value)
        return env

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then TOKENATLAS_<NAME> variables (e.g. TOKENATLAS_MAX_DEPTH,
        TOKENATLAS_POOL_SIZE, TOKENATLAS_CORS_ORIGINS=a,b), then `overrides`
        (None values are ignored)."""
        env = os.environ if environ is None else environ
        limits = _read(Limits(), env)
        settings = _read(cls(limits=limits), env)
        given = {k: v for k, v in overrides.items() if v is not None}
        limit_names = {f.name for f in fields(Limits)}
        limits = replace(limits, **{k: v for k, v in given.items() if k in limit_names})
        return replace(
            settings, limits=limits, **{k: v for k, v in given.items() if k not in limit_names}
        )


@dataclass(frozen=True)
class Option:
    """One setting or limit, as an environment variable and a `serve` flag."""

    name: str
    default: Any
    of_limits: bool

    @property
    def env(self) -> str:
        return f"TOKENATLAS_{self.name.upper()}"

    @property
    def flag(self) -> str:
        """--pool-size, --timeout (for timeout_s), --cors-origin (repeatable)."""
        name = self.name.removesuffix("_s")
        if isinstance(self.default, tuple):
            name = name.removesuffix("s")
        return "--" + name.replace("_", "-")


def options() -> list[Option]:
    """Every setting and limit, settings first."""
    settings, limits = Settings(), Limits()
    return [
        Option(f.name, getattr(owner, f.name), owner is limits)
        for owner in (settings, limits)
        for f in fields(owner)
        if f.name != "limits"
    ]


def _read(obj: Any, env: Mapping[str, str]) -> Any:
    """`obj` with each field replaced by its TOKENATLAS_<NAME> variable, if set."""
    values: dict[str, Any] = {}
    for f in fields(obj):
        raw = env.get(f"TOKENATLAS_{f.name.upper()}")
        if raw is None or f.name == "limits":
            continue
        current = getattr(obj, f.name)
        try:
            if isinstance(current, tuple):
                values[f.name] = tuple(o.strip() for o in raw.split(",") if o.strip())
            else:
                values[f.name] = type(current)(raw)
        except ValueError as exc:
            raise SettingsError(f"TOKENATLAS_{f.name.upper()}={raw!r}: {exc}") from exc
    return replace(obj, **values)
