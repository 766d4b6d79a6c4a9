"""Pseudonymous caller keys: a keyed HMAC of the caller's number.

Repeat callers link through the key, but the number itself is never stored, and without the
secret the key cannot be turned back into a number (a plain hash of an 11-digit number could).
"""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers


def normalise(number: str, region: str = "CN") -> str:
    """E.164 where the number parses, else its digits, so one caller gets one key however the
    number was typed (``138 0013 8000``, ``+86 138-0013-8000``)."""
    try:
        parsed = phonenumbers.parse(number, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = "".join(ch for ch in number if ch.isdigit())
    if not 3 <= len(digits) <= 20:
        raise ValueError("caller_number must be a phone number (3 to 20 digits)")
    return digits


def caller_key(number: str, secret: bytes) -> str:
    """The 64-hex-digit key stored on the contact in place of the number."""
    return hmac.new(secret, normalise(number).encode(), hashlib.sha256).hexdigest()
