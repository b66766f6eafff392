"""Facts -> networkx MultiDiGraph, from the same rows that fill every store.

Node keys are `Label/id` so that ids from different tables can never collide;
each node keeps `label` and its properties, each edge its type and properties.
Built only when a command needs graph algorithms or drawing.
"""

from __future__ import annotations

from typing import Any

from graph.schema import Rows


def key(label: str, node_id: str) -> str:
    return f"{label}/{node_id}"


def to_networkx(rows: Rows) -> Any:
    import networkx as nx

    g = nx.MultiDiGraph()
    for label, items in rows.nodes.items():
        for r in items:
            g.add_node(key(label, r["id"]), label=label, **r)
    for (rel, a, b), items in rows.rels.items():
        for r in items:
            props = {k: v for k, v in r.items() if not k.startswith("_")}
            g.add_edge(key(a, r["_from"]), key(b, r["_to"]), key=props.get("id") or rel, type=rel, **props)
    return g
