"""A throwaway signing certificate for the tests (self-signed, a day old, valid for a month)
as a PKCS#12 file, and pyHanko's check of a signed PDF against it."""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class SigningCertificate:
    path: Path
    passphrase: str
    der: bytes


def make_pkcs12(folder: Path, *, passphrase: str = "test-wachtwoord",  # noqa: S107 (a test's)
                ) -> SigningCertificate:
    """A self-signed certificate and its key in `folder`/signing.p12."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Vrijwilligerspunt test"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Stad Gent (test)")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "signing.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signing", key, certificate, None,
        serialization.BestAvailableEncryption(passphrase.encode())))
    return SigningCertificate(path=path, passphrase=passphrase,
                           der=certificate.public_bytes(serialization.Encoding.DER))


def signature_status(pdf: bytes, certificate: SigningCertificate):
    """pyHanko's status of the PDF's one signature, validated with `certificate` as the only
    trust root (None when the PDF holds no signature)."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    if not signatures:
        return None
    [signature] = signatures
    root = asn1_x509.Certificate.load(certificate.der)
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
