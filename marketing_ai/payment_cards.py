"""Recognising payment card numbers in free text (moderation flags them, the assistant redacts them)."""

import re


def luhn_valid(digits):
    """True for a string of digits that passes the Luhn checksum every payment card number satisfies."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_card_number(text):
    """True when ``text`` (digits with optional spaces or dashes) is 13 to 19 digits passing Luhn."""
    digits = re.sub(r"\D", "", text)
    return 13 <= len(digits) <= 19 and luhn_valid(digits)
