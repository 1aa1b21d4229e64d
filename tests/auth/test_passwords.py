from __future__ import annotations

import pytest

from gaugeboard.auth import passwords
from gaugeboard.auth.passwords import hash_password, verify_password


def test_right_password_verifies() -> None:
    assert verify_password("pa55word!", hash_password("pa55word!"))


def test_wrong_password_fails() -> None:
    assert not verify_password("pa55word?", hash_password("pa55word!"))


def test_hash_is_salted() -> None:
    assert hash_password("same") != hash_password("same")


def test_hash_names_its_kdf_and_hides_the_password() -> None:
    stored = hash_password("visible-secret")
    assert stored.startswith("scrypt$") and "visible-secret" not in stored


def test_corrupt_hash_is_a_failed_check_not_a_crash() -> None:
    assert not verify_password("x", "scrypt$broken")


def test_a_hash_at_the_production_cost_names_it_and_verifies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passwords, "SCRYPT_N", 2**14)  # the suite runs at a lower cost
    stored = hash_password("pa55word!")
    assert stored.split("$")[1:4] == ["16384", "8", "1"]
    assert verify_password("pa55word!", stored)
