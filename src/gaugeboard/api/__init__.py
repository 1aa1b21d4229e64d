"""The JSON REST API under ``/api/``: one module per resource, singular nouns."""
