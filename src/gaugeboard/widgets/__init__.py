"""Widget types: turn a widget of a document plus its data into a chart-ready payload."""
