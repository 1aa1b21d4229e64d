"""The Python client of gaugeboard: data sets as DataFrames, schedules, the account, users
and teams, events and their queries, over HTTP.

It imports nothing of the server (no Flask, no SQLAlchemy), only httpx; pandas is needed
only for DataFrames (``output="df"``) and tqdm only for progress bars, both in the
``gaugeboard[client]`` extra::

    from gaugeboard.client import Data, connect
    connect("https://gaugeboard.example", token="gbt_…")
    sales = Data().get_data(3)                         # every row, as a DataFrame

    from gaugeboard.client import Client
    client = Client("http://127.0.0.1:8050", token="gbt_…", event_key="gbk_…")
    client.track("Signup", person="ann", properties={"plan": "pro"})

The method names and arguments are those of ClicData's Python client (docs/client.md maps
each one). What the client raises, with the server's ``status``, ``code``, ``errors`` and
whole JSON ``body`` on each::

    GaugeboardError (also ClientError)
    ├── BadRequest        400      ├── Conflict        409
    ├── Unauthorized      401      ├── RateLimited     429 (``retry_after``)
    ├── Forbidden         403      ├── ServerError     5xx
    ├── NotFound          404      └── TransportFailed no answer (status 0)

The modules behind this one are private; the names below are the public API.
"""

from __future__ import annotations

from gaugeboard.client._account import Account
from gaugeboard.client._auth import BasicAuth, ClientCredentials, TokenAuth
from gaugeboard.client._dashboard import Dashboard
from gaugeboard.client._data import Data
from gaugeboard.client._errors import (
    BadRequest,
    ClientError,
    Conflict,
    Forbidden,
    GaugeboardError,
    NotFound,
    RateLimited,
    ServerError,
    TransportFailed,
    Unauthorized,
)
from gaugeboard.client._events import Client, track
from gaugeboard.client._schedule import Schedule
from gaugeboard.client._session import Session, SessionManager, connect
from gaugeboard.client._team import Team
from gaugeboard.client._user import User

__all__ = [
    "Account",
    "BadRequest",
    "BasicAuth",
    "Client",
    "ClientCredentials",
    "ClientError",
    "Conflict",
    "Dashboard",
    "Data",
    "Forbidden",
    "GaugeboardError",
    "NotFound",
    "RateLimited",
    "Schedule",
    "ServerError",
    "Session",
    "SessionManager",
    "Team",
    "TokenAuth",
    "TransportFailed",
    "Unauthorized",
    "User",
    "connect",
    "track",
]
