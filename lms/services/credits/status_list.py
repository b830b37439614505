"""The public revocation list of our credentials: a W3C Bitstring Status List v1.0
(one bit per certificate, set when it is revoked), served as a signed VC-JWT at
`/verify/status/<n>` so outside verifiers learn of revocations without asking us
about a particular credential. Certificates get their bit (`status_index`) at issue."""

from __future__ import annotations

import base64
import gzip
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Certificate
from lms.services.credits import badges, ledger

LIST_BITS = 131_072  # the minimum size the spec asks for (16 KiB), for privacy
LIST_LIFETIME = timedelta(days=1)  # a verifier refuses an older copy


def list_url(number: int) -> str:
    return f"{current_app.config['LMS_PUBLIC_URL']}/verify/status/{number}"


def next_index() -> int:
    """A fresh bit for a new certificate. Under the ledger lock on PostgreSQL (and
    a unique constraint everywhere), so two issues never share a bit."""
    ledger.lock_ledger()
    top = db.session.scalar(select(func.max(Certificate.status_index)))
    return 0 if top is None else top + 1


def entry_for(index: int) -> dict:
    """The credential's `credentialStatus`: its bit in the revocation list."""
    url = list_url(index // LIST_BITS)
    return {
        "id": f"{url}#{index % LIST_BITS}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index % LIST_BITS),
        "statusListCredential": url,
    }


def _revoked_bits(number: int) -> bytes:
    bits = bytearray(LIST_BITS // 8)
    low = number * LIST_BITS
    revoked = select(Certificate.status_index).where(
        Certificate.revoked_at.is_not(None),
        Certificate.status_index >= low,
        Certificate.status_index < low + LIST_BITS,
    )
    for index in db.session.scalars(revoked):
        offset = index - low
        bits[offset // 8] |= 0x80 >> (offset % 8)  # index 0 is the first byte's top bit
    return bytes(bits)


def encoded_list(bits: bytes) -> str:
    """GZIP, then multibase base64url without padding (the `u` prefix)."""
    packed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def list_credential(number: int, now: datetime) -> str:
    """List `number` as a BitstringStatusListCredential, signed like our badges."""
    url = list_url(number)
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": badges.issuer_id()},
        "validFrom": badges.stamp(now),
        "validUntil": badges.stamp(now + LIST_LIFETIME),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(_revoked_bits(number)),
        },
    }
    return badges.sign(credential)
