"""Request plumbing shared by the pages (``web/``) and the JSON API (``api/``).

The guard, body reading, responses, the caller and their grants, the source context and
dashboard lookups. ``api/`` and ``web/`` both stand on this package and never import each
other; nothing in here imports either of them.
"""
