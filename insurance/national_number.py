"""The Belgian national register number (rijksregisternummer / INSZ).

Stored only when the insurer requires it (setting INSURER_REQUIRES_NATIONAL_NUMBER); always
shown masked. The last two digits are a check: 97 - (first nine digits mod 97), and for people
born in 2000 or later the nine digits are prefixed with a 2 before taking the modulus.
"""

import datetime
import re

_SEPARATORS = re.compile(r"[\s.\-]")


def normalise(value: str) -> str:
    """Digits only: '85.07.30-033.28' -> '85073003328'."""
    return _SEPARATORS.sub("", value or "")


def is_valid(value: str, date_of_birth: datetime.date | None = None) -> bool:
    """True when `value` has 11 digits with correct check digits (either century).

    With a date of birth, the century rule must match it: born 2000 or later uses the '2'
    prefix, and the first six digits must be the birth date when they hold one (numbers
    given to people with an unknown birth date have month 00).
    """
    digits = normalise(value)
    if len(digits) != 11 or not (digits.isascii() and digits.isdigit()):
        return False
    base, check = int(digits[:9]), int(digits[9:])
    before_2000 = 97 - base % 97 == check
    after_2000 = 97 - int("2" + digits[:9]) % 97 == check
    if date_of_birth is None:
        return before_2000 or after_2000
    if date_of_birth.year >= 2000:
        valid = after_2000
    else:
        valid = before_2000
    birth = digits[:6]
    if birth[2:4] != "00" and birth != date_of_birth.strftime("%y%m%d"):
        return False
    return valid


def mask(value: str) -> str:
    """Show only the last two (check) digits: '••.••.••-•••.28'."""
    digits = normalise(value)
    if not digits:
        return ""
    return "••.••.••-•••." + digits[-2:]
