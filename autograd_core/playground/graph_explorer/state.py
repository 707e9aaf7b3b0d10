"""What is on the Graph Explorer's screen, as a value, and as URL query parameters.

A link must reproduce exactly what the sender saw, so everything that decides the picture is in
`ExplorerState` and travels in the link:

    code      the snippet as typed (omitted when it is too long for a link: see `link_problem`)
    example   the catalogue key when the code is exactly that example's (the picker shows it)
    rg        requires_grad switched per leaf, `x:0,y:1` (only where it differs from the code)
    detach    expressions cut with detach(), as spans `5:4-5:8` (line:col-end_line:end_col)
    retain    intermediates that retain_grad(), `a,b`
    nograd    `1`: everything after the imports runs under torch.no_grad()
    backward  which backward() call the replay shows, 1-based (absent: the last one)
    node      the node the inspector shows (`op3`)
    predict   `1`: gradients hidden until the learner has guessed them
    tab       the panel open under the graph: inspector (absent), steps, check or export

Anything in a link can be typed by anyone, so decoding validates every part, drops what is
malformed, and says what it dropped; it never raises.

    >>> state, problems = decode_state({"code": "import torch", "rg": "x:0", "nograd": "1"})
    >>> state.requires_grad, state.no_grad, problems
    ((('x', False),), True, [])
    >>> encode_state(state)["rg"]
    'x:0'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import quote_plus

from ..catalogue.examples import EXAMPLES
from ..sandbox import DEFAULT_LIMITS, Overrides, Span

DEFAULT_EXAMPLE = "product-rule"
MAX_LINK_CODE_CHARS = 6_000  # longer snippets are shared by Export, not by a link
MAX_LINK_URL_CHARS = 16_000  # the code once %-encoded into a link (an emoji takes 12): far
# under the ~64 KB a web server accepts in a request line, with room for the other parameters
MAX_CODE_CHARS = DEFAULT_LIMITS.max_source_chars  # what run_snippet would accept anyway
MAX_ITEMS = 32  # toggles of each kind in one link
MAX_NAME_CHARS = 64
TABS = ("inspector", "steps", "check", "export")  # the panels under the graph, first: default

_NODE_ID = re.compile(r"(leaf|op|result|const)\d{1,6}")
_SPAN = re.compile(r"(\d{1,6}):(\d{1,6})-(\d{1,6}):(\d{1,6})")
_EXAMPLE_CODE = {example.code: example.key for example in EXAMPLES}
_EXAMPLE_KEYS = {example.key: example for example in EXAMPLES}


@dataclass(frozen=True)
class ExplorerState:
    """Everything that decides what the Graph Explorer shows. Hashable (a memo key)."""

    code: str = field(default_factory=lambda: _EXAMPLE_KEYS[DEFAULT_EXAMPLE].code)
    requires_grad: tuple[tuple[str, bool], ...] = ()  # sorted by name
    detach: tuple[Span, ...] = ()  # sorted
    retain: tuple[str, ...] = ()  # sorted
    no_grad: bool = False
    backward: int | None = None  # 1-based; None: the last backward() call
    node: str | None = None
    predict: bool = False
    tab: str = TABS[0]

    @property
    def example(self) -> str | None:
        """The catalogue key whose code this is, exactly, or None."""
        return _EXAMPLE_CODE.get(self.code)

    @property
    def toggles(self) -> tuple:
        """The parts that change the code that runs (requires_grad, detach, retain, no_grad)."""
        return (self.requires_grad, self.detach, self.retain, self.no_grad)

    def overrides(self) -> Overrides:
        return Overrides(
            requires_grad=dict(self.requires_grad),
            detach=frozenset(self.detach),
            retain_grad=frozenset(self.retain),
            no_grad=self.no_grad,
        )

    def with_toggles(
        self,
        requires_grad: Mapping[str, bool] | None = None,
        detach: object = None,
        retain: object = None,
        no_grad: bool | None = None,
    ) -> ExplorerState:
        """A copy with some toggles replaced, normalised (sorted, de-duplicated)."""
        return replace(
            self,
            requires_grad=self.requires_grad
            if requires_grad is None
            else tuple(sorted((str(k), bool(v)) for k, v in requires_grad.items())),
            detach=self.detach if detach is None else tuple(sorted(set(detach))),
            retain=self.retain if retain is None else tuple(sorted(set(retain))),
            no_grad=self.no_grad if no_grad is None else bool(no_grad),
        )


def example_state(key: str) -> ExplorerState:
    """The state that shows catalogue example `key` as written (KeyError if there is none)."""
    return ExplorerState(code=_EXAMPLE_KEYS[key].code)


def span_key(span: Span) -> str:
    """`5:4-5:8`: a span as it is written in a link (and used as a widget option)."""
    return f"{span.line}:{span.col}-{span.end_line}:{span.end_col}"


def parse_span_key(text: str) -> Span | None:
    match = _SPAN.fullmatch(text.strip())
    if match is None:
        return None
    line, col, end_line, end_col = (int(g) for g in match.groups())
    if line < 1 or end_line < line or (end_line == line and end_col <= col):
        return None
    return Span(line, col, end_line, end_col)


def link_problem(state: ExplorerState) -> str | None:
    """Why a link cannot carry this state, or None."""
    if len(state.code) > MAX_LINK_CODE_CHARS:
        return (
            f"The code is {len(state.code):,} characters long; links carry at most "
            f"{MAX_LINK_CODE_CHARS:,}. Share it with Export instead."
        )
    encoded = len(quote_plus(state.code))
    if encoded > MAX_LINK_URL_CHARS:
        return (
            f"The code takes {encoded:,} characters once written into a link (symbols and "
            f"non-English letters take up to 12 each); links carry at most "
            f"{MAX_LINK_URL_CHARS:,}. Share it with Export instead."
        )
    return None


def encode_state(state: ExplorerState) -> dict[str, str]:
    """The query parameters for `state` (defaults left out, so links stay short)."""
    params: dict[str, str] = {}
    if link_problem(state) is None:
        params["code"] = state.code
    if state.example is not None:
        params["example"] = state.example
    if state.requires_grad:
        params["rg"] = ",".join(f"{name}:{int(flag)}" for name, flag in state.requires_grad)
    if state.detach:
        params["detach"] = ",".join(span_key(s) for s in state.detach)
    if state.retain:
        params["retain"] = ",".join(state.retain)
    if state.no_grad:
        params["nograd"] = "1"
    if state.backward is not None:
        params["backward"] = str(state.backward)
    if state.node is not None:
        params["node"] = state.node
    if state.predict:
        params["predict"] = "1"
    if state.tab != TABS[0]:
        params["tab"] = state.tab
    return params


def decode_state(params: Mapping[str, object]) -> tuple[ExplorerState, list[str]]:
    """The state a link describes, and a sentence for each part that had to be ignored.

    Values may be strings or lists of strings (a parameter given twice: the last one counts).
    """
    problems: list[str] = []
    get = _Getter(params)
    code = get("code")
    example = get("example")
    if code is not None and len(code) > MAX_CODE_CHARS:
        problems.append(
            f"The link's code is {len(code):,} characters long (the limit is "
            f"{MAX_CODE_CHARS:,}), so the default example is shown instead."
        )
        code = None
    if code is None and example is not None:
        if example in _EXAMPLE_KEYS:
            code = _EXAMPLE_KEYS[example].code
        else:
            problems.append(f"The link names an example that does not exist: {example[:40]!r}.")
    state = ExplorerState() if code is None else ExplorerState(code=code.replace("\r\n", "\n"))

    requires_grad: dict[str, bool] = {}
    for item in _items(get("rg"), problems, "rg"):
        name, _, flag = item.partition(":")
        if _is_name(name) and flag in ("0", "1"):
            requires_grad[name] = flag == "1"
        else:
            problems.append(f"Ignored requires_grad switch {item[:40]!r} (expected name:0 or 1).")
    detach = []
    for item in _items(get("detach"), problems, "detach"):
        span = parse_span_key(item)
        if span is None:
            problems.append(f"Ignored detach position {item[:40]!r} (expected line:col-line:col).")
        else:
            detach.append(span)
    retain = []
    for item in _items(get("retain"), problems, "retain"):
        if _is_name(item):
            retain.append(item)
        else:
            problems.append(f"Ignored retain_grad name {item[:40]!r}.")
    state = state.with_toggles(requires_grad, detach, retain, _flag(get("nograd")))

    backward = get("backward")
    if backward is not None and not (
        backward.isascii() and backward.isdigit() and 1 <= int(backward) <= 10_000
    ):
        problems.append(f"Ignored backward call number {backward[:20]!r}.")
        backward = None
    node = get("node")
    if node is not None and not _NODE_ID.fullmatch(node):
        problems.append(f"Ignored node id {node[:40]!r}.")
        node = None
    tab = get("tab") or TABS[0]
    if tab not in TABS:
        problems.append(f"Ignored panel {tab[:20]!r} (one of {', '.join(TABS)}).")
        tab = TABS[0]
    state = replace(
        state,
        backward=int(backward) if backward is not None else None,
        node=node,
        predict=_flag(get("predict")),
        tab=tab,
    )
    return state, problems


class _Getter:
    def __init__(self, params: Mapping[str, object]) -> None:
        self.params = params

    def __call__(self, name: str) -> str | None:
        value = self.params.get(name)
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        return value if isinstance(value, str) else None


def _items(text: str | None, problems: list[str], what: str) -> list[str]:
    if not text:
        return []
    items = [item for item in text.split(",") if item.strip()]
    if len(items) > MAX_ITEMS:
        problems.append(f"The link has {len(items)} `{what}` entries; the first {MAX_ITEMS} used.")
    return [item.strip() for item in items[:MAX_ITEMS]]


def _is_name(text: str) -> bool:
    return 0 < len(text) <= MAX_NAME_CHARS and text.isidentifier()


def _flag(text: str | None) -> bool:
    return text in ("1", "true", "True")
