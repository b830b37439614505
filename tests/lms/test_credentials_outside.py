"""Our Open Badges 3.0 credentials as an outside verifier sees them: openbadgeslib
(a third-party OB 3.0 verifier) with the key found where the JWT `kid` points and the
published Bitstring Status List, and JSON-LD safe-mode expansion with the VC 2.0 and
OB 3.0.3 contexts (vendored files, no network). An issued credential passes; a
revoked and an expired one are reported as such."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import pytest
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier
from pyld import jsonld

from lms.models import Certificate, CreditEntry, Role
from lms.services.credits import ledger
from lms.services.learning import progress

CONTEXTS = Path(__file__).parents[1] / "data" / "jsonld"
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "ob-v3p0-context-3.0.3.json"
    ),
}
NOW = datetime.now(UTC)


def load_context(url, options=None):
    """A JSON-LD document loader that serves only the vendored contexts."""
    if url not in CONTEXT_FILES:
        raise ValueError(f"no network: {url}")
    document = json.loads((CONTEXTS / CONTEXT_FILES[url]).read_text("utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand_safely(credential: dict) -> list:
    """Safe mode: a term the contexts do not define is an error, not dropped."""

    def refuse(term):
        raise ValueError(f"undefined term dropped: {term}")

    options = {"documentLoader": load_context}
    return jsonld.expand(credential, options, on_property_dropped=refuse)


@pytest.fixture
def course(factory, sample_course_dir):
    yaml = sample_course_dir / "course.yaml"
    yaml.write_text(
        yaml.read_text("utf-8")
        + "certificate:\n  valid_months: 12\n  refresher:\n    lessons: [rain-riding]\n",
        "utf-8",
    )
    return factory.course(sample_course_dir)


def finish(db, person, course, now):
    for lesson in course.lessons:
        progress.open_lesson(person, lesson, now - timedelta(minutes=10))
        progress.mark_guide_read(person, lesson, now)
    db.session.commit()
    return db.session.scalar(
        db.select(Certificate).where(Certificate.person_id == person.id)
    )


def outside_verifier(client, token: str):
    """What a stranger does: dereference `kid` for the key, fetch lists over HTTP."""

    def download(url: str) -> bytes:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.data

    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWK(json.loads(download(kid))).key
    return OB3Verifier(pubkey_pem=key), download


def verify(client, token: str):
    verifier, download = outside_verifier(client, token)
    return verifier.verify(
        token, check_status=True, verify_status_list=True, download=download
    )


def test_outside_verifiers_accept_issued_and_report_revoked_and_expired(
    app, db, factory, course
):
    issued, revoked, expired = (factory.person(Role.WORKER) for _ in range(3))
    good = finish(db, issued, course, NOW - timedelta(days=1))
    bad = finish(db, revoked, course, NOW - timedelta(days=2))
    old = finish(db, expired, course, NOW - timedelta(days=400))
    entry = db.session.scalar(
        db.select(CreditEntry).where(CreditEntry.person_pk == revoked.id)
    )
    ledger.reverse_entry(factory.person(Role.ADMIN), entry.id, "核实刷课", NOW)
    db.session.commit()
    client = app.test_client()

    credential = verify(client, good.credential)
    assert credential.credits_earned == 0.75
    claims = jwt.decode(good.credential, options={"verify_signature": False})
    assert claims["validUntil"].startswith(str(NOW.year + 1))
    assert claims["credentialStatus"]["type"] == "BitstringStatusListEntry"
    with pytest.raises(OB3VerificationError, match="revocation"):
        verify(client, bad.credential)
    with pytest.raises(OB3VerificationError, match="expired"):
        verify(client, old.credential)

    for cert in (good, bad, old):  # every term is defined by the contexts
        payload = jwt.decode(cert.credential, options={"verify_signature": False})
        body = {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf")}
        body.pop("exp", None)
        expanded = expand_safely(body)
        subject = expanded[0]["https://www.w3.org/2018/credentials#credentialSubject"]
        earned = subject[0][
            "https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsEarned"
        ]
        assert earned[0]["@value"] == 0.75


def test_safe_mode_rejects_the_old_place_of_credits_earned():
    """The shape credentials had before: creditsEarned inside the achievement,
    which the OB 3.0.3 context does not define there (so wallets lost the hours)."""
    old_shape = {
        "@context": list(CONTEXT_FILES),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"type": ["Achievement"], "creditsEarned": 0.75},
        },
    }
    with pytest.raises(ValueError, match="creditsEarned"):
        expand_safely(old_shape)


def test_the_key_is_where_kid_points_and_a_header_jwk_is_never_trusted(
    app, db, factory, course
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from lms.services.credits import badges

    cert = finish(db, factory.person(Role.WORKER), course, NOW)
    client = app.test_client()
    header = jwt.get_unverified_header(cert.credential)
    jwk = client.get(urlsplit(header["kid"]).path).json
    assert jwk["kid"] == header["kid"] and jwk["crv"] == "Ed25519"
    profile = client.get("/verify/issuer").json
    assert profile["jwks"]["keys"] == [jwk]

    claims = jwt.decode(cert.credential, options={"verify_signature": False})
    mallory = Ed25519PrivateKey.generate()
    own_jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(mallory.public_key()))
    forged = jwt.encode(
        claims, mallory, algorithm="EdDSA", headers={**header, "jwk": own_jwk}
    )
    assert badges.check(forged).reason == "bad_signature"
    answer = client.post("/verify/credential", data=forged)
    assert answer.status_code == 422 and answer.json["reason"] == "bad_signature"
