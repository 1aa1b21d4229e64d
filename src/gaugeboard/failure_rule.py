"""Which responses are failures: a rule parsed from ``STATUS_FAILURE_CODES``.

Everything that is not a failure counts as "up" for uptime; 4xx responses that are not
failures are also counted on their own as client errors (a 404 is the app working).
It lives below ``config`` (which checks the setting) and ``monitor``/``sources`` (which
apply it), so it imports nothing of gaugeboard.
"""

from __future__ import annotations

from dataclasses import dataclass

REFERENCE_PRESET = "reference"
REFERENCE_FAILURES = "404,500,502,503,504"


@dataclass(frozen=True)
class FailureRule:
    """Failure codes given one by one and whole classes (5 for ``5xx``)."""

    codes: frozenset[int]
    classes: frozenset[int]

    def is_failure(self, status: int) -> bool:
        return status in self.codes or status // 100 in self.classes


def parse_failure_rule(spec: str) -> FailureRule:
    """Parse ``"5xx,429"`` or ``"reference"``; ValueError names the bad part."""
    text = spec.strip().lower()
    if text == REFERENCE_PRESET:
        text = REFERENCE_FAILURES
    codes: set[int] = set()
    classes: set[int] = set()
    for raw in text.split(","):
        part = raw.strip()
        if len(part) == 3 and part.endswith("xx") and part[0] in "12345":
            classes.add(int(part[0]))
        elif part.isdigit() and 100 <= int(part) <= 599:
            codes.add(int(part))
        else:
            raise ValueError(
                f"{raw.strip()!r} is not a status code (100-599), a class such as 5xx, "
                f"or {REFERENCE_PRESET!r}"
            )
    return FailureRule(frozenset(codes), frozenset(classes))
