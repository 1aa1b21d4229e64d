"""A host app configured for flask_jsondash, read as gaugeboard's configuration.

jsondash reads ``app.config["JSONDASH"]`` (``auth``: permission callables, ``metadata``:
zero-argument callables whose values are saved into each dashboard) and four flags:
``JSONDASH_FILTERUSERS``, ``JSONDASH_GLOBALDASH``, ``JSONDASH_GLOBAL_USER`` and
``JSONDASH_MAX_PERPAGE`` (its code reads ``JSONDASH_PERPAGE``; both are honoured, the
documented name first). Each has a gaugeboard name; when both are set, gaugeboard's wins
(for hooks, key by key).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from gaugeboard.config import ENV_PREFIX, SETTINGS_BY_NAME
from gaugeboard.errors import ConfigurationError

JSONDASH_KEY = "JSONDASH"
# jsondash flag → gaugeboard setting, in the order they are read (the first set one wins).
JSONDASH_FLAGS: tuple[tuple[str, str], ...] = (
    ("JSONDASH_FILTERUSERS", "DASHBOARD_FILTER_USERS"),
    ("JSONDASH_GLOBALDASH", "DASHBOARD_GLOBAL"),
    ("JSONDASH_GLOBAL_USER", "DASHBOARD_GLOBAL_USER"),
    ("JSONDASH_MAX_PERPAGE", "DASHBOARD_PAGE_SIZE"),
    ("JSONDASH_PERPAGE", "DASHBOARD_PAGE_SIZE"),
)
# gaugeboard's hook keys and the part of app.config["JSONDASH"] each stands for.
HOOK_PARTS = {"GAUGEBOARD_AUTH": "auth", "GAUGEBOARD_METADATA": "metadata"}


def _value(flag: str, setting_name: str, value: Any) -> Any:
    setting = SETTINGS_BY_NAME[setting_name]
    if isinstance(setting.default, bool):
        if not isinstance(value, bool):
            raise ValueError("expected True or False")
        return value
    if isinstance(setting.default, int):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError("expected a whole number")
        return setting.parse(str(value))
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return setting.parse(value)


def jsondash_settings(config: Mapping[str, Any], taken: Collection[str]) -> dict[str, Any]:
    """Settings (gaugeboard names, no prefix) from the jsondash flags in ``config``, except
    those in ``taken`` (already set under gaugeboard's own name); ConfigurationError naming
    each bad flag."""
    found: dict[str, Any] = {}
    problems: list[str] = []
    for flag, name in JSONDASH_FLAGS:
        if flag not in config or name in taken or name in found:
            continue
        try:
            found[name] = _value(flag, name, config[flag])
        except ValueError as exc:
            problems.append(f"{flag}: {exc}")
    if problems:
        raise ConfigurationError(problems)
    return found


def taken_settings(*sources: Mapping[str, Any]) -> set[str]:
    """Setting names given under gaugeboard's own name in any of ``sources`` (app.config,
    overrides, the environment): jsondash's flag for them is not read."""
    return {
        key[len(ENV_PREFIX) :] if key.startswith(ENV_PREFIX) else key
        for source in sources
        for key in source
        if key.startswith(ENV_PREFIX) or key in SETTINGS_BY_NAME
    }


def host_callables(config: Mapping[str, Any], name: str) -> dict[str, Callable[..., Any]]:
    """The host's ``name`` hooks (``GAUGEBOARD_AUTH`` or ``GAUGEBOARD_METADATA``) over the
    same part of ``app.config["JSONDASH"]``: gaugeboard's key wins, hook by hook."""
    given = config.get(name) or {}
    if not isinstance(given, Mapping):
        raise ConfigurationError([f"{name}: must be a dict of callables"])
    merged = dict(_jsondash_part(config, HOOK_PARTS[name]))
    merged.update(given)
    return merged


def _jsondash_part(config: Mapping[str, Any], part: str) -> Mapping[str, Any]:
    jsondash = config.get(JSONDASH_KEY)
    if jsondash is None:
        return {}
    if not isinstance(jsondash, Mapping):
        raise ConfigurationError([f"{JSONDASH_KEY}: must be a dict (auth, metadata, static)"])
    found = jsondash.get(part) or {}
    if not isinstance(found, Mapping):
        raise ConfigurationError([f"{JSONDASH_KEY}[{part!r}]: must be a dict of callables"])
    return found
