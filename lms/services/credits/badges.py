"""Open Badges 3.0 credentials for certificates, signed by this instance's own key.

Format: OB 3.0 §8.2 "VC-JWT" — the OpenBadgeCredential (VC data model 2.0) is the
payload of a compact JWS, with `iss`, `jti`, `nbf` (and `exp`) mirroring the issuer
id, the credential id, `validFrom` (and `validUntil`). The JOSE header is `alg: EdDSA`,
`typ: JWT` (as the OB 3.0 examples have it), `kid` (a URL that answers with the public
JWK itself) and the public `jwk`, which our own check never trusts. Revocation is
published as a W3C Bitstring Status List (`credits.status_list`), referenced from each
credential's `credentialStatus`. We use a JWT rather than an embedded Data Integrity
proof (eddsa-rdfc-2022) because that needs RDF canonicalisation with the JSON-LD
contexts, which this instance cannot fetch.

The key is an Ed25519 key generated once and kept in the data dir (like the secret
key); the public key is published at `/verify/keys/key-1` (where `kid` points) and in
the issuer profile at `/verify/issuer`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app
from jwt.algorithms import OKPAlgorithm

from lms.models import Certificate

KEY_FILE = "badge_ed25519.pem"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "骑手课堂"


@cache
def _key_at(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        tmp.replace(path)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def signing_key() -> Ed25519PrivateKey:
    """This instance's badge key, generated on first use and kept in the data dir."""
    return _key_at(Path(current_app.config["LMS_DATA_DIR"]) / KEY_FILE)


def issuer_id() -> str:
    return f"{current_app.config['LMS_PUBLIC_URL']}/verify/issuer"


def key_id() -> str:
    """The key's URL: dereferencing it gives the public JWK (OB 3.0 §8.2.6.2)."""
    return f"{current_app.config['LMS_PUBLIC_URL']}/verify/keys/key-1"


def public_jwk() -> dict:
    jwk = OKPAlgorithm.to_jwk(signing_key().public_key(), as_dict=True)
    return {**jwk, "kid": key_id(), "use": "sig", "alg": "EdDSA"}


def issuer_profile() -> dict:
    """The issuer as an OB 3.0 Profile, with the key that verifies its badges."""
    return {
        "@context": CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": current_app.config["LMS_PUBLIC_URL"],
        "jwks": {"keys": [public_jwk()]},
    }


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def credential_for(cert: Certificate, verify_url: str, status: dict | None) -> dict:
    """The OpenBadgeCredential for a certificate; the holder is named by a salted
    hash of their city-wide id (the credential carries no name or phone number).
    The hours earned sit on the AchievementSubject (`creditsEarned`), the hours the
    achievement offers on it (`creditsAvailable`), as OB 3.0 has them."""
    credential = {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": stamp(cert.completed_at),
        "name": f"{cert.course_title} 结业证书",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_holder_identity(cert)],
            "creditsEarned": float(cert.credit_hours),
            "achievement": _achievement(cert),
        },
    }
    if cert.expires_at is not None:
        credential["validUntil"] = stamp(cert.expires_at)
    if status is not None:
        credential["credentialStatus"] = status
    return credential


def _achievement(cert: Certificate) -> dict:
    base = current_app.config["LMS_PUBLIC_URL"]
    return {
        "id": f"{base}/xapi/activities/courses/{cert.course_code}",
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": cert.course_title,
        "description": f"完成课程《{cert.course_title}》的全部课时。",
        "criteria": {"narrative": "完成本课程的全部课时（视频、图文与测验）。"},
        "creditsAvailable": float(cert.credit_hours),
        "humanCode": cert.course_code,
        "inLanguage": "zh-CN",
    }


def _holder_identity(cert: Certificate) -> dict:
    salt = cert.id
    digest = hashlib.sha256(f"{cert.person.person_id}{salt}".encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "identifier",
        "hashed": True,
        "salt": salt,
    }


def sign(credential: dict) -> str:
    """The credential as a compact VC-JWT signed with this instance's key."""
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": _epoch(credential["validFrom"]),
    }
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential["validUntil"])
    headers = {"typ": "JWT", "kid": key_id(), "jwk": public_jwk()}
    return jwt.encode(claims, signing_key(), algorithm="EdDSA", headers=headers)


def _epoch(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


@dataclass(frozen=True)
class Verification:
    """Whether a VC-JWT is one of ours, untouched; `credential` is its payload."""

    is_valid: bool
    reason: str = ""
    credential: dict | None = None


def check(token: str) -> Verification:
    """Verify the signature with this instance's public key (never a key the token
    brings along), then the OB 3.0 claims that must agree with the credential.
    Expiry is not judged here: the caller compares `validUntil` with its clock."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "EdDSA":
            return Verification(False, "unsupported_algorithm")
        payload = jwt.decode(
            token,
            signing_key().public_key(),
            algorithms=["EdDSA"],
            options={"require": ["iss", "jti", "nbf"], "verify_exp": False},
            leeway=300,
        )
    except jwt.InvalidSignatureError:
        return Verification(False, "bad_signature")
    except jwt.PyJWTError:
        return Verification(False, "malformed")
    return _check_claims(payload)


def _check_claims(payload: dict) -> Verification:
    issuer = payload.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    if payload["iss"] != issuer_id() or issuer != payload["iss"]:
        return Verification(False, "wrong_issuer")
    if payload["jti"] != payload.get("id"):
        return Verification(False, "malformed")
    if "OpenBadgeCredential" not in (payload.get("type") or []):
        return Verification(False, "not_a_badge")
    return Verification(True, credential=payload)
