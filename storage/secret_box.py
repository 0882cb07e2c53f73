"""Secrets at rest (PSA credentials, Slack bot tokens), sealed with Fernet keys from WALKBOT_SECRET_KEY.

Fernet (from ``cryptography``) is authenticated encryption with a timestamp, so a value tampered with or
sealed under an unknown key is refused rather than decrypted to garbage. MultiFernet takes a list of keys:
it seals with the first and opens with any, which is how ``walkbot secrets rotate`` moves every stored
secret to a new key while the old one is still accepted.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretUnreadable(Exception):
    """A stored secret none of the configured keys opens. The message never contains the secret."""


class SecretBox:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("a SecretBox needs at least one key")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable(
                "a stored secret could not be decrypted with WALKBOT_SECRET_KEY: keep the old key in the list "
                "(NEW,OLD) until `walkbot secrets rotate` has run"
            ) from None

    def reseal(self, sealed: str) -> str:
        """The same secret sealed with the first (newest) key."""
        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable(
                "a stored secret could not be decrypted with any key in WALKBOT_SECRET_KEY"
            ) from None

    @property
    def fernet(self) -> MultiFernet:
        """For callers that need Fernet's own checks (a token's age: ``decrypt(token, ttl=…)``)."""
        return self._fernet

    def __repr__(self) -> str:  # never print key material
        return "SecretBox(<keys hidden>)"


def new_key() -> str:
    return Fernet.generate_key().decode()


def is_valid_key(key: str) -> bool:
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        return False
    return True
