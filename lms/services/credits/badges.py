"""Open Badges 3.0 credentials for certificates, signed by this instance's own key.

Format: OB 3.0 §8.2 "VC-JWT" — the OpenBadgeCredential (VC data model 2.0) is the
payload of a compact JWS, with `iss`, `jti` and `nbf` mirroring the issuer id, the
credential id and `validFrom`. The JOSE header is `alg: EdDSA`, `typ: JWT` (as the
OB 3.0 examples have it), `kid` and the public `jwk`. We use a JWT rather than an
embedded Data Integrity proof (eddsa-rdfc-2022) because that needs RDF
canonicalisation with the JSON-LD contexts, which this instance cannot fetch.

The key is an Ed25519 key generated once and kept in the data dir (like the secret
key); the public key is published at `/verify/issuer` for outside verifiers.
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
    return f"{issuer_id()}#key-1"


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


def credential_for(cert: Certificate, verify_url: str) -> dict:
    """The OpenBadgeCredential for a certificate; the holder is named by a salted
    hash of their city-wide id (the credential carries no name or phone number)."""
    valid_from = cert.completed_at.astimezone(UTC).isoformat(timespec="seconds")
    return {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": valid_from.replace("+00:00", "Z"),
        "name": f"{cert.course_title} 结业证书",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_holder_identity(cert)],
            "achievement": _achievement(cert),
        },
    }


def _achievement(cert: Certificate) -> dict:
    base = current_app.config["LMS_PUBLIC_URL"]
    return {
        "id": f"{base}/xapi/activities/courses/{cert.course_code}",
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": cert.course_title,
        "description": f"完成课程《{cert.course_title}》的全部课时。",
        "criteria": {"narrative": "完成本课程的全部课时（视频、图文与测验）。"},
        "creditsEarned": float(cert.credit_hours),
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
    valid_from = credential["validFrom"].replace("Z", "+00:00")
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(datetime.fromisoformat(valid_from).timestamp()),
    }
    headers = {"typ": "JWT", "kid": key_id(), "jwk": public_jwk()}
    return jwt.encode(claims, signing_key(), algorithm="EdDSA", headers=headers)


@dataclass(frozen=True)
class Verification:
    """Whether a VC-JWT is one of ours, untouched; `credential` is its payload."""

    is_valid: bool
    reason: str = ""
    credential: dict | None = None


def check(token: str) -> Verification:
    """Verify the signature with this instance's public key (never a key the token
    brings along), then the OB 3.0 claims that must agree with the credential."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "EdDSA":
            return Verification(False, "unsupported_algorithm")
        payload = jwt.decode(
            token,
            signing_key().public_key(),
            algorithms=["EdDSA"],
            options={"require": ["iss", "jti", "nbf"]},
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
