"""Widget data sources: where a widget's rows come from (inline, status rollups, …)."""
