"""Stream an XML export as small element trees, in constant memory, refusing DTDs and entities.

Only the elements a parser asks for are built (a Disqus `<post>`, a WordPress `<wp:comment>`); the
rest of the document is read and forgotten. Any DOCTYPE or entity declaration is refused before it
can expand (the "billion laughs" and external-entity attacks need one), which is what `defusedxml`
does too, without the dependency. Errors carry the line where expat stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from kibitz.imports.records import SourceError

CHUNK_BYTES = 1 << 20

Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class XmlEvent:
    """A captured element (`element` set), or the end of a watched one (`element` None)."""

    path: Path  # tags from the root, as `{namespace}local`
    element: Element | None
    line: int


class _Refused(Exception):
    """Raised inside an expat handler; turned into a SourceError with the line."""


def stream_xml(
    source: BinaryIO,
    *,
    capture: Callable[[Path], bool],
    watch: Callable[[Path], bool] = lambda _path: False,
    progress: Callable[[int], None] | None = None,
) -> Iterator[XmlEvent]:
    """Yield each element whose path `capture` accepts (with its subtree) and each end of a
    path `watch` accepts, in document order; `progress` receives the bytes read so far."""
    state = _State(capture, watch)
    parser = _make_parser(state)
    read = 0
    while True:
        chunk = source.read(CHUNK_BYTES)
        read += len(chunk)
        _feed(parser, chunk, final=not chunk)
        yield from state.drain()
        if progress is not None:
            progress(read)
        if not chunk:
            return


def _feed(parser: expat.XMLParserType, chunk: bytes, *, final: bool) -> None:
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
        raise SourceError(f"malformed XML: {message}", line=exc.lineno) from None
    except _Refused as exc:
        raise SourceError(str(exc), line=parser.CurrentLineNumber) from None


class _State:
    def __init__(self, capture: Callable[[Path], bool], watch: Callable[[Path], bool]) -> None:
        self.capture = capture
        self.watch = watch
        self.path: list[str] = []
        self.builder: TreeBuilder | None = None
        self.depth = 0  # depth at which the current capture started
        self.line = 0
        self.ready: list[XmlEvent] = []

    def drain(self) -> Iterator[XmlEvent]:
        ready, self.ready = self.ready, []
        yield from ready


def _make_parser(state: _State) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True

    def refuse(*_args: object) -> None:
        raise _Refused("DTDs and entity declarations are refused (unsafe XML)")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _clark(name)
        state.path.append(tag)
        if state.builder is not None:
            state.builder.start(tag, {_clark(k): v for k, v in attrs.items()})
        elif state.capture(tuple(state.path)):
            state.builder = TreeBuilder()
            state.builder.start(tag, {_clark(k): v for k, v in attrs.items()})
            state.depth = len(state.path)
            state.line = parser.CurrentLineNumber

    def end(_name: str) -> None:
        path = tuple(state.path)
        if state.builder is not None:
            state.builder.end(path[-1])
            if len(path) == state.depth:
                state.ready.append(XmlEvent(path, state.builder.close(), state.line))
                state.builder = None
        elif state.watch(path):
            state.ready.append(XmlEvent(path, None, parser.CurrentLineNumber))
        state.path.pop()

    def data(text: str) -> None:
        if state.builder is not None:
            state.builder.data(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    return parser


def _clark(name: str) -> str:
    """`uri local` (expat) -> `{uri}local` (ElementTree's spelling)."""
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


def child_text(element: Element, tag: str) -> str | None:
    """Text of the first child `tag` (Clark notation), None when absent or empty."""
    child = element.find(tag)
    if child is None:
        return None
    text = "".join(child.itertext()).strip()
    return text or None
