"""Status monitoring: every response recorded per route, per-minute rollups, incidents."""
