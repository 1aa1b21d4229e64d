"""Rendered notebooks kept per process, by notebook and version.

A version's files never change, so an entry is never stale: a new upload (or run) is a
new version and a new key. ``DELETE /_api/cache`` still empties it (the reference's
"read again from storage"), and a re-upload drops the notebook's older entries at once
in the process that took it; other processes let them age out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from gaugeboard.notebooks.render import RenderedNotebook

Key = tuple[int, int | str]  # notebook id, version (or the key of a run's own outputs)


@dataclass
class RenderCache:
    max_entries: int = 200
    _entries: OrderedDict[Key, RenderedNotebook] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Key, render: Callable[[], RenderedNotebook]) -> RenderedNotebook:
        """The cached rendering of ``key``, or ``render()`` kept for next time."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        rendered = render()
        with self._lock:
            self._entries[key] = rendered
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return rendered

    def forget(self, notebook_id: int) -> int:
        """Drop every version of one notebook; how many entries were dropped."""
        with self._lock:
            keys = [key for key in self._entries if key[0] == notebook_id]
            for key in keys:
                del self._entries[key]
            return len(keys)

    def forget_key(self, key: Key) -> None:
        """Drop one entry (a run's outputs written again under the same key)."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> int:
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries
