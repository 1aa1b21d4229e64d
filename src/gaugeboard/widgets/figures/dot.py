"""A reader for the part of Graphviz's DOT language a graph drawing needs: nodes, edges
and their ``label``/``color`` attributes.

No maintained pure-Python DOT parser fit: pydot (the usual choice) builds its grammar with
pyparsing, whose import raises a diagnostic warning, prints parse errors to standard
output instead of raising them, and took 5.6 s for 2,000 edges here. This reader is one
linear pass over the tokens, so a large or hostile payload costs time in proportion to its
length, and every error names the line.

Understood: ``strict``, ``graph``/``digraph`` with an optional name; statements separated
by ``;`` or newlines; node statements ``a [label="A"]``; edge chains ``a -> b -> c`` (or
``--``) with attributes; subgraphs ``subgraph name { … }`` and bare ``{ … }`` as edge ends
(an edge to a subgraph reaches each of its nodes); ``key=value`` graph attributes and
``graph``/``node``/``edge [ … ]`` defaults (read and ignored); ports ``a:p`` (dropped);
``//``, ``/* */`` and ``#`` (preprocessor) lines; quoted strings with ``\\"`` escapes and ``+``
concatenation; HTML labels ``<…>`` (kept as their text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gaugeboard.widgets.request import WidgetDataError

MAX_DOT_CHARS = 1_000_000
MAX_NESTING = 50  # subgraphs within subgraphs (each level is a Python call)
_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\f\v]+|\n)
  | (?P<comment>//[^\n]*|/\*.*?\*/|\#[^\n]*)
  | (?P<edge>->|--)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<id>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)|[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)
  | (?P<punct>[{}\[\];,=:+<])
    """,
    re.VERBOSE | re.DOTALL,
)
KEYWORDS = frozenset({"strict", "graph", "digraph", "subgraph", "node", "edge"})


@dataclass
class DotGraph:
    """Nodes in order of appearance with their attributes, and edges as pairs."""

    directed: bool = False
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


def _html_label(source: str, start: int, line: int) -> tuple[str, int]:
    """An HTML-like ``<…>`` string (nested angle brackets) as its text, and where it ends."""
    depth, index = 0, start
    while index < len(source):
        char = source[index]
        depth += 1 if char == "<" else -1 if char == ">" else 0
        index += 1
        if depth == 0:
            inner = source[start + 1 : index - 1]
            return re.sub(r"<[^<>]*>", " ", inner).strip(), index
    raise WidgetDataError(f"payload.graph: line {line}: an HTML label '<' is never closed")


def tokens(source: str) -> list[Token]:
    """The tokens of ``source``; WidgetDataError at the first character that starts none."""
    found: list[Token] = []
    index, line = 0, 1
    while index < len(source):
        match = _TOKEN.match(source, index)
        if match is None:
            raise WidgetDataError(
                f"payload.graph: line {line}: unexpected {source[index]!r} in the DOT text"
            )
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "punct" and text == "<":
            label, index = _html_label(source, index, line)
            found.append(Token("id", label, line))
            continue
        if kind == "string":
            found.append(Token("id", text[1:-1].replace('\\"', '"'), line))
        elif kind in ("id", "edge", "punct"):
            found.append(
                Token("keyword" if text.lower() in KEYWORDS and kind == "id" else kind, text, line)
            )
        line += text.count("\n")
        index = match.end()
    return found


class _Reader:
    def __init__(self, items: list[Token]) -> None:
        self.items = items
        self.at = 0
        self.depth = 0
        self.graph = DotGraph()

    def peek(self, offset: int = 0) -> Token | None:
        index = self.at + offset
        return self.items[index] if index < len(self.items) else None

    def fail(self, wanted: str) -> WidgetDataError:
        token = self.peek()
        where = f"line {token.line}: " if token else "at the end: "
        got = repr(token.text) if token else "nothing"
        return WidgetDataError(f"payload.graph: {where}expected {wanted}, got {got}")

    def take(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.kind != "id" and token.text.lower() == text:
            self.at += 1
            return True
        return False

    def need(self, text: str) -> None:
        if not self.take(text):
            raise self.fail(repr(text))

    def name(self) -> str:
        token = self.peek()
        if token is None or token.kind != "id":
            raise self.fail("a name")
        self.at += 1
        text = token.text
        while self.take("+"):  # "a" + "b" concatenation
            text += self.name()
        return text

    def header(self) -> None:
        self.take("strict")
        if self.take("digraph"):
            self.graph.directed = True
        elif not self.take("graph"):
            raise self.fail("'graph' or 'digraph'")
        if self.peek() is not None and self.peek().kind == "id":  # type: ignore[union-attr]
            self.name()

    def attributes(self) -> dict[str, str]:
        found: dict[str, str] = {}
        while self.take("["):
            while not self.take("]"):
                key = self.name()
                found[key] = self.name() if self.take("=") else "true"
                if not (self.take(",") or self.take(";")) and self.peek() is None:
                    raise self.fail("']'")
        return found

    def node_id(self) -> str:
        name = self.name()
        if self.take(":"):
            self.name()
            if self.take(":"):
                self.name()
        return name

    def add_node(self, name: str, attributes: dict[str, str] | None = None) -> None:
        self.graph.nodes.setdefault(name, {}).update(attributes or {})

    def end(self) -> list[str]:
        """One end of an edge: a node, or every node of a subgraph."""
        token = self.peek()
        if token is not None and (token.text == "{" or token.text.lower() == "subgraph"):
            return self.subgraph()
        name = self.node_id()
        self.add_node(name)
        return [name]

    def subgraph(self) -> list[str]:
        if self.take("subgraph") and self.peek() is not None and self.peek().kind == "id":  # type: ignore[union-attr]
            self.name()
        before = set(self.graph.nodes)
        mentioned = self.body()
        return [name for name in self.graph.nodes if name in mentioned or name not in before]

    def body(self) -> set[str]:
        self.need("{")
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"at most {MAX_NESTING} nested subgraphs, not another")
        mentioned: set[str] = set()
        while not self.take("}"):
            if self.peek() is None:
                raise self.fail("'}'")
            if self.take(";"):
                continue
            mentioned.update(self.statement())
            self.take(";")
        self.depth -= 1
        return mentioned

    def statement(self) -> list[str]:
        token = self.peek()
        assert token is not None
        lowered = token.text.lower()
        if token.kind == "keyword" and lowered in ("graph", "node", "edge"):
            self.at += 1
            self.attributes()
            return []
        if token.kind == "id" and self.peek(1) is not None and self.peek(1).text == "=":  # type: ignore[union-attr]
            self.name()
            self.need("=")
            self.name()
            return []
        ends = self.end()
        mentioned = list(ends)
        chain = [ends]
        while self.peek() is not None and self.peek().kind == "edge":  # type: ignore[union-attr]
            self.at += 1
            chain.append(self.end())
            mentioned += chain[-1]
        attributes = self.attributes()
        if len(chain) == 1 and token.kind == "id":
            self.add_node(ends[0], attributes)
        for sources, targets in zip(chain, chain[1:], strict=False):
            self.graph.edges += [(s, t, attributes) for s in sources for t in targets]
        return mentioned


def parse_dot(source: str) -> DotGraph:
    """The nodes and edges of one DOT graph; WidgetDataError naming the line of the first
    thing that is not DOT."""
    if len(source) > MAX_DOT_CHARS:
        raise WidgetDataError(f"payload.graph: DOT text over {MAX_DOT_CHARS} characters")
    reader = _Reader(tokens(source))
    reader.header()
    reader.body()
    if reader.peek() is not None:
        raise reader.fail("the end of the graph")
    return reader.graph
