"""Encrypted storage for personal identifiers (居民身份证号码): ciphertext at rest, masked on screen."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models
from django.utils.translation import gettext


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    try:
        return Fernet(key_material.encode())
    except ValueError:
        # A passphrase rather than a Fernet key: derive one deterministically.
        digest = hashlib.sha256(("dangan-field-key:" + key_material).encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_text(value: str) -> str:
    return _fernet(settings.FIELD_KEY).encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet(settings.FIELD_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered value: never show ciphertext as if it were data
        raise ValueError(gettext("加密字段无法解密：密钥不符或数据被篡改")) from exc


def blind_index(value: str) -> str:
    """Keyed hash of a normalized identifier so equal numbers can be found without decrypting."""
    key = hashlib.sha256(("dangan-blind-index:" + settings.FIELD_KEY).encode()).digest()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """Stores Fernet ciphertext; Python code sees plain text. Not searchable: pair with ``blind_index``."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_text(str(value))
