"""E-mail addresses as mail systems accept them.

Django's `validate_email` refuses letters outside ASCII before the `@` (`josé@voorbeeld.be`),
which mail systems have accepted since SMTPUTF8 (RFC 6531). This check takes Django's for the
domain (internationalised domains such as `bücher.be` included) and allows any letter or
digit, of any script, in the part before the `@`; plus-addressing (`lies+vrijwilliger@...`)
and the other signs of RFC 5322 as before. Obvious garbage is still refused.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import gettext_lazy as _

from .models import Volunteer

# The longest address the register stores (the model field).
MAX_LENGTH = Volunteer._meta.get_field("email").max_length
# RFC 5321: at most 64 octets before the @.
MAX_LOCAL_PART_OCTETS = 64

_ATOM = r"(?:[-!#$%&'*+/=?^_`{|}~]|\w)+"


class MailboxValidator(EmailValidator):
    """`EmailValidator`, with letters and digits of any script before the `@`."""

    message = _("Enter a valid e-mail address.")
    # \w: letters and digits of every script (and _), on str patterns.
    user_regex = _lazy_re_compile(rf"^{_ATOM}(?:\.{_ATOM})*\Z")
    # A volunteer's address is on the internet: no "localhost", no [IP address].
    domain_allowlist: list[str] = []

    def validate_domain_part(self, domain_part):
        return bool(self.domain_regex.match(domain_part))

    def __call__(self, value):
        value = normalise(value)
        if len(value) > MAX_LENGTH or "@" not in value:
            raise ValidationError(self.message, code=self.code, params={"value": value})
        local_part = value.rsplit("@", 1)[0]
        if len(local_part.encode("utf-8", "surrogatepass")) > MAX_LOCAL_PART_OCTETS:
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


def normalise(value: str) -> str:
    """The address as stored: one Unicode spelling (NFC: `é` as one letter), no spaces
    around it."""
    return unicodedata.normalize("NFC", value.strip())


validate_mailbox = MailboxValidator()


def is_valid(value: str) -> bool:
    try:
        validate_mailbox(value)
    except ValidationError:
        return False
    return True
