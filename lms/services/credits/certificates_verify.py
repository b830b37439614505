"""Checking certificates for the public: what the verification page may show (a
masked name, the course, the hours, the date, until when it is valid; nothing else
personal), and the verdict on an Open Badges credential someone posts to us. An
expired certificate is genuine but no longer valid ("expired", never "revoked")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lms.extensions import db
from lms.models import Certificate
from lms.services.credits import badges, certificates

MAX_TOKEN = 20_000


@dataclass(frozen=True)
class PublicView:
    """A certificate as anyone holding its number may see it."""

    certificate_id: str
    holder: str
    course_title: str
    credit_hours: str
    completed_on: date
    is_genuine: bool
    revoked_on: date | None = None
    expires_on: date | None = None
    is_expired: bool = False

    def as_json(self) -> dict:
        body = {
            "id": self.certificate_id,
            "holder": self.holder,
            "course": self.course_title,
            "credit_hours": self.credit_hours,
            "completed_on": self.completed_on.isoformat(),
        }
        if self.revoked_on is not None:
            body["revoked_on"] = self.revoked_on.isoformat()
        if self.expires_on is not None:
            body["expires_on"] = self.expires_on.isoformat()
            body["expired"] = self.is_expired
        return body


def _view(cert: Certificate, is_genuine: bool, now: datetime) -> PublicView:
    return PublicView(
        certificate_id=cert.id,
        holder=certificates.mask_name(cert.holder_name),
        course_title=cert.course_title,
        credit_hours=f"{cert.credit_hours:.2f}",
        completed_on=certificates.completed_on(cert),
        is_genuine=is_genuine,
        revoked_on=certificates.revoked_on(cert),
        expires_on=certificates.expires_on(cert),
        is_expired=certificates.is_expired(cert, now),
    )


def _agrees(cert: Certificate, credential: dict) -> bool:
    """The signed credential says what the certificate row says."""
    subject = credential.get("credentialSubject", {})
    achievement = subject.get("achievement", {})
    return (
        credential.get("id") == certificates.verify_url(cert.id)
        and achievement.get("humanCode") == cert.course_code
        and subject.get("creditsEarned") == float(cert.credit_hours)
    )


def public_view(certificate_id: str, now: datetime) -> PublicView:
    """The certificate behind a QR code; genuine when its stored credential carries
    our valid signature and agrees with the certificate (404 if unknown)."""
    cert = certificates.public_certificate(certificate_id)
    verdict = badges.check(cert.credential)
    genuine = verdict.is_valid and _agrees(cert, verdict.credential)
    return _view(cert, genuine, now)


@dataclass(frozen=True)
class Verdict:
    is_verified: bool
    reason: str = ""
    credential: dict | None = None
    certificate: PublicView | None = None

    def as_json(self) -> dict:
        body: dict = {"verified": self.is_verified}
        if self.reason:
            body["reason"] = self.reason
        if self.credential is not None:
            body["credential"] = self.credential
        if self.certificate is not None:
            body["certificate"] = self.certificate.as_json()
        return body


def verify_token(token: str, now: datetime) -> Verdict:
    """Verify a posted OB 3.0 VC-JWT: our signature, our issuer, a certificate we
    issued, that agrees with it, is not revoked and not expired at `now`. `reason`
    names the first check that failed."""
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN:
        return Verdict(False, "malformed")
    verdict = badges.check(token)
    if not verdict.is_valid:
        return Verdict(False, verdict.reason)
    prefix = certificates.verify_url("")
    cert_id = str(verdict.credential.get("id", "")).removeprefix(prefix)
    cert = db.session.get(Certificate, cert_id)
    if cert is None or not _agrees(cert, verdict.credential):
        return Verdict(False, "unknown_certificate", verdict.credential)
    view = _view(cert, True, now)
    if cert.revoked_at is not None:
        return Verdict(False, "revoked", verdict.credential, view)
    if view.is_expired:
        return Verdict(False, "expired", verdict.credential, view)
    return Verdict(True, "", verdict.credential, view)
