"""HTML pages, templates, static files, and the request guard shared with the JSON API."""
