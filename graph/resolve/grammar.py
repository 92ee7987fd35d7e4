"""A grammar of model names: what each part of a name says about the model.

A name such as `unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit:free` reads as
namespace `unsloth`, family words `llama 3.1`, size 8B, stage `instruct`, a
quantization (`bnb-4bit`) and a serving term (`free`). The resolution stage
(`graph.resolve.stage`) compares names by what they mean: parts that only
say how a model is *served* (serving terms, dated snapshots, provider
prefixes) never keep two names apart; parts that name a *different
artefact* (quantizations, formats, abliterations) make a derivative; size,
stage and version always keep models apart.

Pure functions on strings; no store access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tokenatlas.graph.resolve.names import split_endpoint, strip_prefix

# Serving terms: the same weights offered on other terms (bf16 and fp16 are
# the precision most models are released in, not a conversion; `-hf` marks
# the same weights in the transformers layout). `fast` is not among them: it
# names a serving mode (`claude-opus-4.6-fast`) as often as a model of its
# own (`grok-4-fast`, `imagen-3-fast`).
SERVED = frozenset(
    {"free", "nitro", "tee", "highspeed", "floor", "online", "exacto", "bf16", "fp16", "hf"}
)
# `turbo` is a serving term after a size (`Llama-3.1-8B-Instruct-Turbo`), a
# model of its own otherwise (`gpt-4-turbo`).
# Formats and quantizations: other weights derived from the model.
QUANT = frozenset(
    {
        "fp8", "fp4", "nvfp4", "mxfp4", "int4", "int8", "w4a16", "w8a8",
        "awq", "gptq", "gguf", "ggml", "exl2", "mlx", "bnb", "4bit", "8bit", "onnx",
    }
)  # fmt: skip
# Other derivatives: the same base with its behaviour changed.
MODIFIED = frozenset({"abliterated", "uncensored", "merged", "lora", "qlora"})
STAGES = {
    "instruct": "instruct",
    "inst": "instruct",
    "it": "instruct",
    "chat": "instruct",
    "base": "base",
    "thinking": "thinking",
    "think": "thinking",
    "reasoning": "thinking",
    "reasoner": "thinking",
}
# Words that prefix a family with its maker's name (`Meta-Llama-3`,
# Cohere For AI's `c4ai-command-r`).
MAKER_WORDS = frozenset({"meta", "c4ai"})

_WORD = re.compile(r"[\s\-_/()]+")
# 20250219, 2024 (then -08-06), 0528 (mmdd), 2407 (yymm)
_DATE = re.compile(
    r"^(?:(?:19|20)\d{6}|(?:19|20)\d{2}|(?:0[1-9]|1[0-2])[0-3]\d|2\d(?:0[1-9]|1[0-2]))$"
)
_SIZE = re.compile(r"^(?:(\d+)x)?(\d+(?:\.\d+)?)([bmt])$")
_ACTIVE = re.compile(r"^a(\d+(?:\.\d+)?)b$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_MONTH_NUMBER = re.compile(r"^(?:0[1-9]|1[0-2])$")
_DAY = re.compile(r"^(?:0[1-9]|[12]\d|3[01])$")
MONTHS = {m: f"{i:02d}" for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
_P_VERSION = re.compile(r"(\d)p(\d)")
_VERSION = re.compile(r"^\d+(?:\.\d+)*$")
_QUANT_CODE = re.compile(r"^(?:q\d(?:_[a-z0-9]+)*|w\d+a\d+|\d+bit|i?q\d+)$")
# Letters and digits side by side are separate words: `qwen2.5` is `qwen 2.5`.
_SPLIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z]{2,})")


@dataclass(frozen=True)
class ParsedName:
    """What a model name says, part by part."""

    text: str
    namespace: str | None  # `org/` or a cloud prefix, lower case
    family: tuple[str, ...]  # the words that name the model and its version
    size: float | None = None  # total parameters, in billions
    active: float | None = None  # active parameters (MoE), in billions
    stage: str | None = None  # base | instruct | thinking | None (unstated)
    dates: tuple[str, ...] = ()  # snapshot dates, in the form `snapshot` gives
    served: tuple[str, ...] = ()  # serving terms (free, tee, turbo)
    quant: tuple[str, ...] = ()  # quantizations and formats
    modified: tuple[str, ...] = ()  # abliterated, merged...

    @property
    def derivative(self) -> bool:
        """Whether the name names other weights than its base model's."""
        return bool(self.quant or self.modified)

    def identity(self, namespace: str | None = None, *, dated: bool = False) -> tuple:
        """What two names must share to be one model: the family words, size,
        active size, stage and derivative parts; `namespace` when the name's
        publisher is not its model's maker; the snapshot dates when `dated`.
        Serving terms never count. A version number may stand anywhere among
        the words (`claude-4.6-opus` is `claude-opus-4.6`).

        >>> parse("qwen/qwen2.5-7b").identity() == parse("Qwen2.5-7B").identity()
        True
        >>> same = parse("Meta-Llama-3.1-8B-Instruct"), parse("Llama 3.1 8B Instruct")
        >>> same[0].identity() == same[1].identity()
        True
        >>> parse("Qwen2.5-7B").identity() == parse("Qwen2.5-7B-Instruct").identity()
        False
        >>> parse("claude-4.6-opus").identity() == parse("Claude Opus 4.6").identity()
        True
        >>> parse("mt1-gen2-gemma-2-9b").identity() == parse("mt2-gen1-gemma-2-9b").identity()
        False
        """
        return (
            namespace,
            canonical_family(self.family),
            self.size,
            self.active,
            self.stage,
            tuple(sorted(self.quant)),
            tuple(sorted(self.modified)),
            self.dates if dated else (),
        )

    def base_identity(self, namespace: str | None = None) -> tuple:
        """`identity` of the model a derivative was made from: its quant and
        modifier parts removed.

        >>> awq, base = parse("Llama-3.1-8B-Instruct-AWQ"), parse("Llama 3.1 8B Instruct")
        >>> awq.base_identity() == base.identity()
        True
        """
        plain = ParsedName(
            self.text, self.namespace, self.family, self.size, self.active, self.stage
        )
        return plain.identity(namespace)


def drops_stage(display: str, model_id: str) -> bool:
    """Whether a catalogue's display name leaves out the stage its own id
    states: "Qwen2.5 72B" for `Qwen/Qwen2.5-72B-Instruct` reads as the base
    model, so it is no evidence for the id's model (nor a name for it).

    >>> drops_stage("Qwen2.5 72B", "Qwen/Qwen2.5-72B-Instruct")
    True
    >>> drops_stage("Llama 3.1 8B Instruct", "meta/llama-3.1-8b")  # the id is the vaguer one
    False
    >>> drops_stage("DeepSeek V3", "deepseek-chat")  # another family: no evidence either way
    False
    """
    name, ident = parse(display), parse(model_id)
    return (
        name.stage is None
        and ident.stage in ("instruct", "thinking")
        and canonical_family(name.family) == canonical_family(ident.family)
        and name.size == ident.size
    )


def canonical_family(words: tuple[str, ...]) -> tuple[str, ...]:
    """Family words in a comparable order: with one version number, the
    number goes last (word order around it varies between sources); with
    several, their order is meaning (`mt1-gen2` is not `mt2-gen1`)."""
    words = tuple(_version(w) for w in words)
    numbers = [w for w in words if w[:1].isdigit()]
    if len(numbers) > 1:
        return words
    return tuple(w for w in words if not w[:1].isdigit()) + tuple(numbers)


_VERSION_SPELLING = re.compile(r"^v?(\d+(?:\.\d+)*?)(?:[.:]0)*$")


def _version(word: str) -> str:
    """A version number in one spelling: `v1`, `1.0` and Bedrock's `v1:0`
    are `1`; `v0.1` is `0.1`; other words stay as they are.

    >>> [_version(w) for w in ("v1", "1.0", "v1:0", "v0.1", "2.5", "v3", "4o", "lite")]
    ['1', '1', '1', '0.1', '2.5', '3', '4o', 'lite']
    """
    m = _VERSION_SPELLING.match(word)
    return m.group(1) if m else word


def _date_word(words: list[str], i: int, dates: list[str]) -> bool:
    """Whether words[i] is (part of) a snapshot date."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if _DATE.match(w):
        return True
    if dates and len(w) == 2 and w.isdigit():  # the month and day after a year
        return True
    if w in MONTHS and _YEAR.match(nxt):  # `(Jul 2025)`
        return True
    if dates and dates[-1] in MONTHS and _YEAR.match(w):
        return True
    # A trailing month and day: `gemini-2.5-pro-preview-06-05`.
    return bool(_MONTH_NUMBER.match(w) and _DAY.match(nxt) and i + 2 == len(words))


def snapshot(words: list[str]) -> tuple[str, ...]:
    """Date words in one form: `yyyy-mm-dd`, `yyyy-mm`, `yyyy` or `--mm-dd`.

    >>> snapshot(["20250219"]), snapshot(["2024", "08", "06"]), snapshot(["08", "2024"])
    (('2025-02-19',), ('2024-08-06',), ('2024-08',))
    >>> snapshot(["2507"]), snapshot(["0528"]), snapshot(["jul", "2025"]), snapshot(["06", "05"])
    (('2025-07',), ('--05-28',), ('2025-07',), ('--06-05',))
    """
    if not words:
        return ()
    w = [MONTHS.get(x, x) for x in words]
    if len(w) == 1 and len(w[0]) == 8:
        return (f"{w[0][:4]}-{w[0][4:6]}-{w[0][6:]}",)
    if len(w) == 1 and len(w[0]) == 4 and not _YEAR.match(w[0]):
        head, tail = w[0][:2], w[0][2:]
        if head >= "20" and _MONTH_NUMBER.match(tail):
            return (f"20{head}-{tail}",)  # yymm: 2507 is July 2025
        return (f"--{head}-{tail}",)  # mmdd: 0528 is 28 May
    if _YEAR.match(w[0]):
        return ("-".join(w[:3]),)
    if len(w) == 2 and _YEAR.match(w[1]):
        return (f"{w[1]}-{w[0]}",)
    if len(w) == 2:
        return (f"--{w[0]}-{w[1]}",)
    return ("-".join(w),)


def dates_agree(a: str, b: str) -> bool:
    """Whether two snapshot dates can be one day (one may be less precise).

    >>> dates_agree("2025-07", "2025-07-18"), dates_agree("--05-28", "2025-05-28")
    (True, True)
    >>> dates_agree("2024-05-13", "2024-08-06"), dates_agree("--08-27", "--08-01")
    (False, False)
    """
    if a.startswith("--") or b.startswith("--"):
        a, b = a[-5:], b[-5:]
        return a == b or a[:2] == b[:2] and (len(a) < 5 or len(b) < 5)
    return a.startswith(b) or b.startswith(a)


def _raw_words(text: str) -> list[str]:
    return [w for w in _WORD.split(text.lower()) if w]


def _family_words(words: list[str]) -> list[str]:
    """Letters and digits side by side are separate words (`qwen2.5` is
    `qwen 2.5`); a version's letter stays with its number (`k2.5`, `4o`).

    >>> _family_words(["claude", "opus", "4", "6"]), _family_words(["kimi", "k2.5"])
    (['claude', 'opus', '4.6'], ['kimi', 'k2.5'])
    """
    out: list[str] = []
    for word in words:
        word = _P_VERSION.sub(r"\1.\2", word)  # Fireworks' `2p5` is 2.5
        for w in _SPLIT.split(word):
            if out and out[-1] in ("v", "k", "m", "r", "o") and w[:1].isdigit():
                out[-1] += w
            elif out and _VERSION.match(out[-1]) and w.isdigit() and len(w) <= 2:
                out[-1] += "." + w  # `4-6` in `claude-opus-4-6` is 4.6
            elif w:
                out.append(w)
    return out


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def split_namespace(name: str) -> tuple[str | None, str]:
    """`org/name` → (`org`, `name`); a cloud id's dotted vendor prefix too
    (`graph.resolve.names.strip_prefix`, with the namespace folded to lower case).

    >>> split_namespace("meta-llama/Llama-3.1-8B")
    ('meta-llama', 'Llama-3.1-8B')
    >>> split_namespace("us.anthropic.claude-3-5-sonnet")
    ('us.anthropic', 'claude-3-5-sonnet')
    >>> split_namespace("qwen2.5-7b")
    (None, 'qwen2.5-7b')
    """
    found = strip_prefix(name)
    return (found[0].lower(), found[1]) if found else (None, name)


@lru_cache(maxsize=200_000)
def parse(name: str) -> ParsedName:
    """Read a model name part by part (cached: a store reads the same
    names on every run of the resolution stage).

    >>> p = parse("unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit")
    >>> p.namespace, p.family, p.size, p.stage, p.quant
    ('unsloth', ('llama', '3.1'), 8, 'instruct', ('bnb', '4bit'))
    >>> p = parse("qwen/qwen3-30b-a3b-thinking-2507")
    >>> p.family, p.size, p.active, p.stage, p.dates
    (('qwen', '3'), 30, 3, 'thinking', ('2025-07',))
    >>> parse("moonshotai/kimi-k2.5:free").served, parse("gpt-oss:20b").size
    (('free',), 20)
    >>> parse("Kimi K2.5 Free").served, parse("DeepSeek V3.2 TEE").served
    (('free',), ('tee',))
    >>> parse("Mixtral-8x7B-Instruct-v0.1").size, parse("Mixtral-8x7B-Instruct-v0.1").family
    (56, ('mixtral', 'v0.1'))
    >>> parse("Qwen2.5-7B-Instruct-1M").family  # a context length, not a size
    ('qwen', '2.5', '1m')
    >>> parse("gpt-4o-2024-08-06").family, parse("gpt-4o-2024-08-06").dates
    (('gpt', '4o'), ('2024-08-06',))
    >>> parse("Qwen3-235B-A22B-Thinking (Jul 2025)").dates
    ('2025-07',)
    >>> parse("c4ai-command-r-plus-08-2024").dates
    ('2024-08',)
    """
    text = name.strip()
    base, tag = split_endpoint(text)
    served: list[str] = []
    if tag and not tag.isdigit():
        text = base
        if _SIZE.match(tag):  # an Ollama-style tag: `gpt-oss:20b` is the 20B model
            text = f"{text}-{tag}"
        else:
            served.append(tag)
    namespace, rest = split_namespace(text)
    family: list[str] = []
    dates: list[str] = []
    quant: list[str] = []
    modified: list[str] = []
    size = active = None
    stage = None
    words = _raw_words(rest)
    for i, w in enumerate(words):
        sized = _SIZE.match(w)
        if sized and size is None and (family or sized.group(3) == "b"):
            experts, amount, unit = sized.groups()
            scale = {"b": 1, "t": 1000, "m": 0.001}[unit]
            size = _number(str(round(float(amount) * scale * int(experts or 1), 6)))
            continue
        if _ACTIVE.match(w) and size is not None and active is None:
            active = _number(_ACTIVE.match(w).group(1))
            continue
        if w in STAGES and (family or size is not None):
            stage = STAGES[w] if stage is None or STAGES[w] == "thinking" else stage
            continue
        if family and (w in SERVED or (w == "turbo" and size is not None)):
            served.append(w)
            continue
        if w in QUANT or (_QUANT_CODE.match(w) and size is not None):
            quant.append(w)
            continue
        if w in MODIFIED:
            modified.append(w)
            continue
        if family and _date_word(words, i, dates):
            if _YEAR.match(w) and family and _MONTH_NUMBER.match(family[-1]):
                dates.append(family.pop())  # `08-2024`: the month came first
            dates.append(w)
            continue
        if not family and w in MAKER_WORDS and i + 1 < len(words):
            continue
        family.append(w)
    family = _family_words(family)
    return ParsedName(
        text=name,
        namespace=namespace,
        family=tuple(family),
        size=size,
        active=active,
        stage=stage,
        dates=snapshot(dates),
        served=tuple(served),
        quant=tuple(quant),
        modified=tuple(modified),
    )
