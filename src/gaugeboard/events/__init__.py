"""Event tracking: keys that may send events (more to come: ingest and analytics)."""
