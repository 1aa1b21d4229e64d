"""CSS colours from payloads and options, checked so none can break out of a style.

Only a named colour, a hex colour, or ``rgb()``/``hsl()`` with plain numbers passes; the
browser puts the result in ``style.color`` and nothing else may ride along.
"""

from __future__ import annotations

import re
from typing import Any

from gaugeboard.widgets.request import WidgetDataError

_COLOR_NAMES = """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
    steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
    yellowgreen transparent currentcolor
"""
NAMED_COLORS = frozenset(_COLOR_NAMES.split())

_NUMBER = r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)"
_PERCENT = rf"{_NUMBER}%"
_ALPHA = rf"(?:{_NUMBER}%?)"
_SEP = r"\s*[,\s]\s*"
_HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})")
_RGB = re.compile(
    rf"rgba?\(\s*{_NUMBER}%?{_SEP}{_NUMBER}%?{_SEP}{_NUMBER}%?(?:\s*[,/]\s*{_ALPHA})?\s*\)"
)
_HSL = re.compile(
    rf"hsla?\(\s*{_NUMBER}(?:deg|turn|rad)?{_SEP}{_PERCENT}{_SEP}{_PERCENT}"
    rf"(?:\s*[,/]\s*{_ALPHA})?\s*\)"
)

# jsondash's number colouring: a leading "-" is bad news, anything else good news.
NEGATIVE_COLOR = "#c62828"
POSITIVE_COLOR = "#2e7d32"


def css_color(value: str) -> str | None:
    """``value`` lowercased and trimmed when it is a CSS colour, else None."""
    color = value.strip().lower()
    if len(color) > 64:
        return None
    if color in NAMED_COLORS:
        return color
    if any(pattern.fullmatch(color) for pattern in (_HEX, _RGB, _HSL)):
        return color
    return None


def checked_color(value: Any, where: str) -> str | None:
    """The colour at ``where`` (None stays None); WidgetDataError when it is no colour."""
    if value is None:
        return None
    color = css_color(value) if isinstance(value, str) else None
    if color is None:
        raise WidgetDataError(
            f"{where}: {str(value)[:80]!r} is not a CSS colour "
            "(a name, #hex, rgb() or hsl() with numbers only)"
        )
    return color


def jsondash_color(shown: Any, color: Any, noformat: Any, where: str) -> str | None:
    """jsondash's rule: with ``noformat`` only the given ``color``; without it red for a
    leading ``-`` and green otherwise (the given colour is ignored, as jsondash did)."""
    if noformat:
        return checked_color(color, f"{where}.color")
    checked_color(color, f"{where}.color")
    negative = str(shown).lstrip().startswith("-")
    return NEGATIVE_COLOR if negative else POSITIVE_COLOR
