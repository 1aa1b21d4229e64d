"""Dashboards drawn on the server, without a browser: one SVG composed from every widget
(charts by vl-convert from the page's own Vega-Lite specs, the other kinds by small SVG
renderers here), rasterised to PNG or printed to PDF by vl-convert; and the cached
thumbnails the Browse page shows.

The public entry point is ``render_dashboard`` (``gaugeboard.render.snapshot``)."""
