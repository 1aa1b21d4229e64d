"""Fixtures of the alert tests: the notification tests' real SMTP and HTTP receivers and
the settings that point at them (one definition, in tests/notify/conftest.py)."""

from __future__ import annotations

from tests.notify.conftest import receiver, settings_overrides, smtp_server

__all__ = ["receiver", "settings_overrides", "smtp_server"]
