"""Redaction of secrets in stored transcripts: card numbers, security codes, IBANs, passwords."""

import re

from django.utils.translation import gettext_lazy as _

from marketing_ai.payment_cards import is_card_number

# 13 to 19 digits, optionally grouped by spaces or dashes, as card numbers are typed.
CARD_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
SECURITY_CODE = re.compile(r"(?i)\b(cvv2?|cvc2?|csc|security code)\b(\s*(?:is|:|=)?\s*)\d{3,4}\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
PASSWORD = re.compile(r"(?i)\b(password|passwort|passcode|pin)\b(\s*(?:is|:|=)\s*)\S+")
EXPIRY = re.compile(r"(?i)\b(exp(?:iry|ires)?\.?(?: date)?)(\s*(?:is|:)?\s*)(0[1-9]|1[0-2])\s*/\s*\d{2,4}\b")


def _card(match):
    if is_card_number(match.group(0)):
        return f"[{_('card number removed')}]"
    return match.group(0)


def redact(text):
    """``text`` with card numbers (Luhn-checked), security codes, expiry dates, IBANs and passwords replaced."""
    text = CARD_CANDIDATE.sub(_card, str(text))
    text = SECURITY_CODE.sub(lambda m: f"{m.group(1)}{m.group(2)}[{_('removed')}]", text)
    text = EXPIRY.sub(lambda m: f"{m.group(1)}{m.group(2)}[{_('removed')}]", text)
    text = IBAN.sub(f"[{_('IBAN removed')}]", text)
    text = PASSWORD.sub(lambda m: f"{m.group(1)}{m.group(2)}[{_('removed')}]", text)
    return text
