"""gaugeboard: self-hosted analytics and dashboards for Python web applications.

The Flask extension convention::

    from gaugeboard import Gaugeboard   # mount into a host app: Gaugeboard(app)
    from gaugeboard import create_app   # the standalone server
    from gaugeboard import Client       # the Python client (httpx only)

The names are imported on first use: ``import gaugeboard`` (which ``import
gaugeboard.client`` runs too) stays cheap and free of side effects, and the client never
pulls in Flask or SQLAlchemy.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from gaugeboard.app import create_app
    from gaugeboard.client import Client, ClientError
    from gaugeboard.extension import Gaugeboard

    __version__: str

__all__ = ["Client", "ClientError", "Gaugeboard", "__version__", "create_app"]

# Public name → the module that defines it.
_LAZY = {
    "Gaugeboard": "gaugeboard.extension",
    "create_app": "gaugeboard.app",
    "Client": "gaugeboard.client",
    "ClientError": "gaugeboard.client",
}


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gaugeboard")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _installed_version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'gaugeboard' has no attribute {name!r}")
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
