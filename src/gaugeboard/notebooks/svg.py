"""SVG outputs, kept to drawing: no script, no event handler, no foreign HTML, no link
elsewhere. The page also only ever shows them as images, served under a sandboxing
policy, where a browser runs no script anyway; this is the second fence.
"""

from __future__ import annotations

import re
from xml.dom import minidom
from xml.dom.minidom import Element, Node
from xml.parsers.expat import ExpatError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_SVG_BYTES = 5_000_000
# Drawing elements of SVG 1.1/2 (metadata, animation, scripting and foreign content are
# not drawing, and are dropped with everything inside them).
_ELEMENTS = (
    "svg g defs symbol use path rect circle ellipse line polyline polygon text tspan textPath "
    "title desc clipPath mask pattern marker linearGradient radialGradient stop filter "
    "feBlend feColorMatrix feComponentTransfer feComposite feFlood feGaussianBlur feMerge "
    "feMergeNode feMorphology feOffset feTile feTurbulence feFuncA feFuncB feFuncG feFuncR "
    "image style switch"
)
ALLOWED_ELEMENTS = frozenset(_ELEMENTS.split())
_LOCAL_OR_RASTER = re.compile(r"#[^\s]*|data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+")
_URL_IN_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)]*\)|@import[^;]*;?", re.IGNORECASE)


class SvgRefused(ValueError):
    """The text is not an SVG document that can be shown."""


def _clean_attributes(element: Element) -> None:
    for name in list(element.attributes.keys()):
        attribute = element.getAttributeNode(name)
        if attribute is None:
            continue
        local = attribute.localName or name
        value = attribute.value
        handler = local.lower().startswith("on")
        if handler or (local == "href" and not _LOCAL_OR_RASTER.fullmatch(value.strip())):
            element.removeAttributeNode(attribute)
        elif local == "style" or _URL_IN_CSS.search(value):
            attribute.value = _URL_IN_CSS.sub("none", value)


def _unwrapped_link(parent: Element, link: Element) -> Element:
    """A ``<g>`` holding what the link ``<a>`` drew, put in its place (a link goes nowhere
    in an image)."""
    group = link.ownerDocument.createElementNS(link.namespaceURI, "g")  # type: ignore[union-attr]
    for child in list(link.childNodes):
        group.appendChild(child)
    parent.replaceChild(group, link)
    return group


def _clean(node: Element) -> None:
    for child in list(node.childNodes):
        if child.nodeType == Node.ELEMENT_NODE:
            assert isinstance(child, Element)
            svg = child.namespaceURI in (SVG_NS, None)
            if svg and child.localName == "a":
                child = _unwrapped_link(node, child)
            if not (svg and child.localName in ALLOWED_ELEMENTS):
                node.removeChild(child)
                continue
            _clean_attributes(child)
            if child.localName == "style":
                for text in child.childNodes:
                    if text.nodeType in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE):
                        text.data = _URL_IN_CSS.sub("none", text.data)
            _clean(child)
        elif child.nodeType in (Node.PROCESSING_INSTRUCTION_NODE, Node.COMMENT_NODE):
            node.removeChild(child)


def sanitized_svg(text: str) -> str:
    """``text`` with everything but drawing removed; SvgRefused when it is not SVG."""
    if len(text.encode("utf-8", "replace")) > MAX_SVG_BYTES:
        raise SvgRefused(f"the SVG is larger than {MAX_SVG_BYTES} bytes")
    if "<!ENTITY" in text.upper():
        raise SvgRefused("the SVG declares entities")
    try:
        document = minidom.parseString(text.encode("utf-8"))
    except (ExpatError, ValueError):
        raise SvgRefused("the SVG is not well-formed XML") from None
    root = document.documentElement
    if root is None or root.localName != "svg" or root.namespaceURI not in (SVG_NS, None):
        raise SvgRefused("the document is not an <svg>")
    if document.doctype is not None:
        document.removeChild(document.doctype)
    _clean_attributes(root)
    if root.namespaceURI is None:
        root.setAttribute("xmlns", SVG_NS)
    try:
        _clean(root)
        return str(root.toxml())
    except RecursionError:
        raise SvgRefused("the SVG is nested too deeply") from None
