"""Invite codes, bearer tokens and their hashes."""

from __future__ import annotations

import hashlib
import re
import secrets

# Crockford's base32 letters: no I, L, O or U, so codes survive being read aloud or typed.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits
_NOT_CODE = re.compile(r"[\s-]+")


def new_invite_code() -> str:
    """A fresh code in the form XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(typed: str) -> str:
    """The code as stored: upper case, without spaces or dashes; O read as 0, I and L as 1."""
    cleaned = _NOT_CODE.sub("", typed).upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def new_token() -> str:
    return "mvk_" + secrets.token_urlsafe(32)


def sha256_hex(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
