"""HTML pages, templates and static files. The request plumbing they share with the JSON
API lives in ``http/``; pages never import ``api/``."""
