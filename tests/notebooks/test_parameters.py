"""Parameters read from the ``parameters`` cell with ``ast`` (never run), typed by their
defaults, and a caller's values checked against them."""

from __future__ import annotations

import pytest

from gaugeboard.errors import ValidationFailed
from gaugeboard.notebooks.parameters import (
    Parameter,
    checked_values,
    declared_parameters,
    values_key,
    with_defaults,
)
from tests.notebooks.builders import code, notebook

SOURCE = """\
import os
region = "north"  # a comment
factor: int = 2
scale = 1.5
show = True
items = [1, 2]
names = []
computed = os.getcwd()
_private = 3
mixed = [1, "a"]
factor = 4
"""


def test_the_parameters_cell_declares_literal_assignments_typed_by_default() -> None:
    made = notebook(code("x = 1"), code(SOURCE, tags=["parameters"]))
    assert declared_parameters(made) == [
        Parameter("region", "str", "north"),
        Parameter("scale", "float", 1.5),
        Parameter("show", "bool", True),
        Parameter("items", "list[int]", [1, 2]),
        Parameter("names", "list[str]", []),
        Parameter("factor", "int", 4),
    ]


def test_a_notebook_without_a_parameters_cell_or_with_bad_syntax_declares_none() -> None:
    assert declared_parameters(notebook(code("x = 1"))) == []
    assert declared_parameters(notebook(code("x = (", tags=["parameters"]))) == []


def test_values_are_checked_by_name_and_type() -> None:
    declared = [Parameter("scale", "float", 1.5), Parameter("n", "int", 1)]
    assert checked_values(declared, {"scale": 2, "n": 3}) == {"scale": 2.0, "n": 3}
    with pytest.raises(ValidationFailed) as caught:
        checked_values(declared, {"n": True, "other": 1, "scale": float("nan")})
    assert caught.value.errors == [
        "parameters.n: must be a number (int)",
        "parameters.other: not a parameter of this notebook (known: scale, n)",
        "parameters.scale: must be a finite number",
    ]
    with pytest.raises(ValidationFailed):
        checked_values(declared, ["n", 1])


def test_the_cache_key_is_the_same_for_a_default_left_out_or_sent() -> None:
    declared = [Parameter("n", "int", 1), Parameter("s", "str", "a")]
    sent = with_defaults(declared, {"n": 1})
    assert values_key(3, sent) == values_key(3, with_defaults(declared, {"s": "a", "n": 1}))
    assert values_key(3, sent) != values_key(4, sent)
