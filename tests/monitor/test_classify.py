"""Which responses are failures, and how bad settings are reported."""

from __future__ import annotations

import pytest

from gaugeboard.config import resolve_settings
from gaugeboard.errors import ConfigurationError
from gaugeboard.failure_rule import parse_failure_rule
from gaugeboard.monitor.histogram import percentile


@pytest.mark.parametrize(("status", "failed"), [(200, False), (404, False), (500, True)])
def test_default_rule_fails_only_server_errors(status: int, failed: bool) -> None:
    assert parse_failure_rule("5xx").is_failure(status) is failed


@pytest.mark.parametrize(("status", "failed"), [(404, True), (502, True), (501, False)])
def test_reference_preset_uses_flask_status_codes(status: int, failed: bool) -> None:
    assert parse_failure_rule("reference").is_failure(status) is failed


def test_codes_and_classes_mix() -> None:
    rule = parse_failure_rule("5xx, 429")
    assert (rule.is_failure(429), rule.is_failure(503), rule.is_failure(404)) == (True, True, False)


def test_a_bad_failure_setting_names_the_setting_and_the_part() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings({"STATUS_FAILURE_CODES": "5xx,teapot"})
    assert "GAUGEBOARD_STATUS_FAILURE_CODES" in str(caught.value) and "'teapot'" in str(
        caught.value
    )


def test_webhook_urls_must_be_http() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings({"STATUS_WEBHOOK_URLS": "ftp://example.com/hook"})
    assert "GAUGEBOARD_STATUS_WEBHOOK_URLS" in str(caught.value)


def test_percentile_interpolates_inside_a_bucket() -> None:
    counts = [0, 0, 10] + [0] * 11  # ten requests between 2 and 5 ms
    assert percentile(counts, 0.5) == pytest.approx(3.5)


def test_percentile_of_nothing_is_none() -> None:
    assert percentile([0] * 14, 0.95) is None
