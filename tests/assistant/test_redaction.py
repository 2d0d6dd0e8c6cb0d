from marketing_ai.assistant.redaction import redact
from marketing_ai.payment_cards import luhn_valid


def test_card_numbers_are_removed_but_order_numbers_and_prices_stay():
    text = "My card 4111 1111 1111 1111 was charged 24.00 twice for order MA-000123, phone 0123456789"
    cleaned = redact(text)
    assert "4111" not in cleaned and "card number removed" in cleaned
    assert "MA-000123" in cleaned and "24.00" in cleaned and "0123456789" in cleaned


def test_dashed_card_numbers_security_codes_expiry_iban_and_passwords():
    cleaned = redact("card 5500-0000-0000-0004 cvv 123 expiry 09/28, IBAN DE89 3704 0044 0532 0130 00, "
                     "password: hunter2")
    for secret in ("5500", " 123", "09/28", "DE89", "hunter2"):
        assert secret not in cleaned, secret


def test_numbers_failing_luhn_are_kept():
    assert not luhn_valid("4111111111111112")
    assert redact("tracking 4111111111111112") == "tracking 4111111111111112"
