"""Dashboard variables whose values come from the caller's team parameter.

A variable declared with ``"team_parameter": "region"`` becomes, for a caller who is not an
admin, a ``select`` whose options are the values their teams give ``region`` (sorted), the
first being the default; a value outside them is refused like any option that is not
offered, and a caller with no value gets no default (a filter on it matches nothing).
Admins keep the variable as declared. This narrows what the page offers and accepts; the
guarantee that a team sees only its rows is the data set's row filters
(``datasets/row_scope.py``), which no request parameter can lift.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from gaugeboard.dashboards.document import DashboardDocument, Variable


def team_parameter_keys(document: DashboardDocument) -> set[str]:
    """The team parameters the document's variables read."""
    return {variable.team_parameter for variable in document.variables if variable.team_parameter}


def _for_values(variable: Variable, values: Set[str]) -> Variable:
    options = sorted(values)
    return variable.model_copy(
        update={
            "type": "select",
            "options": list(options),
            "default": options[0] if options else None,
        }
    )


def with_team_values(
    document: DashboardDocument, values: Mapping[str, Set[str]], is_admin: bool
) -> DashboardDocument:
    """The document as one caller sees it: ``values`` maps each parameter to their teams'
    values; unchanged for admins and for documents without team variables."""
    if is_admin or not team_parameter_keys(document):
        return document
    variables = [
        _for_values(variable, values.get(variable.team_parameter, set()))
        if variable.team_parameter
        else variable
        for variable in document.variables
    ]
    return document.model_copy(update={"variables": variables})
