"""The Python client of gaugeboard: send events and run queries over HTTP.

It imports nothing of the server (no Flask, no SQLAlchemy), only httpx::

    from gaugeboard.client import Client
    client = Client("http://127.0.0.1:8050", token="gbt_…", event_key="gbk_…")
    client.track("Signup", person="ann", properties={"plan": "pro"})
    result = client.query({"event": "Signup", "range": "last_30_days", "bucket": "day"})
"""

from __future__ import annotations

from gaugeboard.client.http import Client, ClientError, track

__all__ = ["Client", "ClientError", "track"]
