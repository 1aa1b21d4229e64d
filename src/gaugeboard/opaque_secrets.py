"""Random bearer secrets (API tokens, event keys, session ids) and their stored digests.

Secrets carry 256 bits of randomness, so a plain SHA-256 is a safe digest to store and to
look them up by; the secret itself is never stored. Auth (tokens, sessions), events
(keys) and dashboards (embed tokens) all mint them, so this module sits below all three and
imports nothing of gaugeboard.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "gbt_"
EVENT_KEY_PREFIX = "gbk_"
SHOWN_PREFIX_LENGTH = 8


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def shown_prefix(secret: str) -> str:
    """The first characters, safe to list so people can tell their tokens apart."""
    return secret[:SHOWN_PREFIX_LENGTH]
