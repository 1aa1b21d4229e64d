"""Figures through the dashboard data request: drawn as Vega, and an undrawable one fails
alone, with its reason, while the rest of the page draws."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.dashboards.api_helpers import create

TREE = {"name": "r", "children": [{"name": "a", "size": 2}, {"name": "b", "size": 1}]}


def figure(widget_id: str, widget_type: str, data: Any, **options: Any) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": widget_type,
        "source": {"type": "inline", "data": data},
        "options": options,
    }


def test_a_graph_over_its_node_limit_fails_alone(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    nodes = [{"id": str(i)} for i in range(12)]
    dashboard = create(
        client,
        auth_headers,
        widgets=[
            figure("tree", "treemap", TREE),
            figure("graph", "network", {"nodes": nodes, "edges": []}, max_nodes=10),
        ],
    )
    widgets = client.get(f"/api/dashboard/{dashboard['id']}/data", headers=auth_headers).get_json()[
        "widgets"
    ]
    assert (widgets["tree"]["ok"], widgets["tree"]["kind"]) == (True, "vega")
    assert widgets["graph"]["ok"] is False
    assert "12 nodes, more than the 10 this widget lays out" in widgets["graph"]["error"]


def test_a_figure_option_typo_is_refused_when_saved(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    document = {
        "title": "T",
        "name": "t",
        "widgets": [figure("w", "venn", [], colour="red")],
    }
    answer = client.post("/api/dashboard", json=document, headers=auth_headers)
    assert answer.status_code == 400
    assert "colour: not an option of venn" in answer.get_json()["error"]
