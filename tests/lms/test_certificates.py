"""Credits page, certificates (page, PDF, public verification) and the Open Badges
3.0 credential: issued once, verifiable by anyone, and a tampered one fails."""

import base64
import io
import json
import subprocess
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.exc import IntegrityError

from lms.models import Certificate, LessonProgress, Role
from lms.services.credits import badges, certificates
from lms.services.learning import progress

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
TITLE = "示例课程：雨天安全骑行"


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


@pytest.fixture
def worker(factory):
    org = factory.org("union-gz-tianhe")
    return factory.person(Role.WORKER, org=org, name="张三明")


def finish(db, person, course, now=T0):
    """Read every lesson's guide long enough: each lesson completes, then the course."""
    for lesson in course.lessons:
        progress.open_lesson(person, lesson, now - timedelta(minutes=10))
        progress.mark_guide_read(person, lesson, now)
    db.session.commit()


def the_certificate(db):
    return db.session.scalar(db.select(Certificate))


def test_completing_a_course_issues_one_certificate(db, course, worker):
    finish(db, worker, course)
    cert = the_certificate(db)
    assert (cert.holder_name, cert.course_title, str(cert.credit_hours)) == (
        "张三明",
        TITLE,
        "0.75",  # two lessons of 0.25 and the 0.25 course bonus
    )
    assert cert.completed_at == T0
    again = certificates.issue_certificate(worker, course, T0 + timedelta(days=1))
    assert again.id == cert.id
    db.session.add(
        Certificate(
            id="DUPLICATE",
            person_id=worker.id,
            course_id=course.id,
            holder_name="x",
            course_code="x",
            course_title="x",
            credit_hours=1,
            completed_at=T0,
            credential="x",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_my_credits_page_lists_entries_total_and_certificates(
    client, db, factory, course, worker
):
    factory.login(client, worker)
    empty = client.get("/credits").get_data(as_text=True)
    assert "我的学时" in empty and "0.00" in empty
    assert client.get(f"/courses/{course.id}/certificate").status_code == 404
    finish(db, worker, course)
    page = client.get("/credits").get_data(as_text=True)
    assert '<p class="big" data-testid="total-hours">0.75</p>' in page
    assert "雨天骑行三要点" in page and "让别人看见你" in page and "+0.25" in page
    assert "课程奖励" in page and "2026-11-02" in page
    assert f"/courses/{course.id}/certificate" in page and TITLE in page


def test_certificate_page_is_printable_with_a_qr_code(
    app, client, db, factory, course, worker
):
    finish(db, worker, course)
    factory.login(client, worker)
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    cert = the_certificate(db)
    assert "结业证书" in page and "张三明" in page and TITLE in page
    assert "<svg" in page and "@media print" in page
    assert f"{app.config['LMS_PUBLIC_URL']}/verify/{cert.id}" in page
    assert f"/courses/{course.id}/certificate.pdf" in page
    assert f"/courses/{course.id}/certificate.jwt" in page


def test_the_public_page_shows_only_a_masked_name_the_course_hours_and_date(
    app, db, course, worker
):
    finish(db, worker, course)
    cert = the_certificate(db)
    db.session.commit()
    anonymous = app.test_client()
    response = anonymous.get(f"/verify/{cert.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<dd data-testid="holder">张*明</dd>' in page
    assert TITLE in page and "0.75" in page and "2026-11-02" in page
    assert "✓" in page  # the stored credential's signature checks out
    for private in ("张三明", worker.phone, worker.person_id, "union-gz-tianhe"):
        assert private not in page
    assert anonymous.get("/verify/NOSUCHCERTIFICATE").status_code == 404


def test_the_pdf_has_chinese_text(client, db, factory, course, worker, tmp_path):
    finish(db, worker, course)
    factory.login(client, worker)
    response = client.get(f"/courses/{course.id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    flat = "".join(text.split())
    assert "结业证书" in flat and TITLE in flat and "张三明" in flat
    assert the_certificate(db).id in flat


def test_the_certificate_image_carries_its_qr_code(client, db, factory, course, worker):
    import segno
    from PIL import Image

    finish(db, worker, course)
    factory.login(client, worker)
    response = client.get(f"/courses/{course.id}/certificate.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    image = Image.open(io.BytesIO(response.data)).convert("L")
    assert image.size == (1080, 1440)
    cert = the_certificate(db)
    matrix = segno.make(certificates.verify_url(cert.id), error="m").matrix
    n, left, top, side = len(matrix), (1080 - 360) // 2, 1440 - 560, 360
    module = side / (n + 4)  # two modules of quiet zone each side
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            x = left + (col + 2.5) * module
            y = top + (row + 2.5) * module
            assert (image.getpixel((int(x), int(y))) < 128) == bool(dark)


def _download_badge(client, factory, course, worker) -> str:
    factory.login(client, worker)
    response = client.get(f"/courses/{course.id}/certificate.jwt")
    assert response.status_code == 200 and response.mimetype == "application/jwt"
    return response.get_data(as_text=True)


def test_the_open_badge_verifies_and_a_tampered_one_fails(
    app, client, db, factory, course, worker
):
    finish(db, worker, course)
    token = _download_badge(client, factory, course, worker)
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["jwk"]["crv"]) == ("EdDSA", "Ed25519")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert "OpenBadgeCredential" in claims["type"]
    subject = claims["credentialSubject"]
    assert (subject["creditsEarned"], subject["achievement"]["name"]) == (0.75, TITLE)
    assert subject["achievement"]["creditsAvailable"] == 0.75
    assert "张三明" not in json.dumps(claims, ensure_ascii=False)

    verified = client.post("/verify/credential", data=token)
    assert verified.status_code == 200 and verified.json["verified"] is True
    assert verified.json["certificate"]["holder"] == "张*明"

    head, body, signature = token.split(".")
    claims["credentialSubject"]["creditsEarned"] = 99.0
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    tampered = f"{head}.{forged_body.decode()}.{signature}"
    answer = client.post("/verify/credential", json={"credential": tampered})
    assert answer.status_code == 422
    assert answer.json == {"verified": False, "reason": "bad_signature"}

    other_key = Ed25519PrivateKey.generate()  # signed, but not by this instance
    foreign = jwt.encode(claims, other_key, algorithm="EdDSA", headers=header)
    assert badges.check(foreign).reason == "bad_signature"


def test_a_credential_can_be_uploaded_and_checked_by_an_outside_verifier(
    app, client, db, factory, course, worker
):
    finish(db, worker, course)
    token = _download_badge(client, factory, course, worker)
    anonymous = app.test_client()
    upload = {"credential": (io.BytesIO(token.encode()), "badge.jwt")}
    answer = anonymous.post("/verify/credential", data=upload)
    assert answer.json["verified"] is True
    profile = anonymous.get("/verify/issuer").json
    assert "Profile" in profile["type"]
    key = jwt.PyJWK(profile["jwks"]["keys"][0])
    claims = jwt.decode(token, key, algorithms=["EdDSA"])
    assert claims["iss"] == profile["id"] and claims["jti"].endswith(
        the_certificate(db).id
    )


def test_a_course_completed_earlier_gets_its_certificate_on_first_view(
    client, db, factory, course, worker
):
    for lesson in course.lessons:  # completed before certificates existed
        row = progress.open_lesson(worker, lesson, T0 - timedelta(days=3))
        row.completed_at = T0 - timedelta(days=2)
    db.session.commit()
    assert the_certificate(db) is None
    factory.login(client, worker)
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "2026-10-31" in page
    assert the_certificate(db).completed_at == T0 - timedelta(days=2)
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress))


@pytest.mark.parametrize(
    "name, masked",
    [
        ("张三明", "张*明"),
        ("欧阳小明", "欧**明"),
        ("张三", "张*"),
        ("李", "*"),
        ("", "*"),
    ],
)
def test_mask_name(name, masked):
    assert certificates.mask_name(name) == masked


def test_reversing_a_credit_of_the_course_revokes_its_certificate(
    app, client, db, factory, course, worker
):
    from lms.models import CreditEntry
    from lms.services.credits import ledger as credits

    finish(db, worker, course)
    token = _download_badge(client, factory, course, worker)
    other = factory.person(Role.WORKER, name="李四")
    finish(db, other, course)  # someone else's certificate stays valid
    admin = factory.person(Role.ADMIN)
    entry = db.session.scalar(
        db.select(CreditEntry).where(
            CreditEntry.person_pk == worker.id, CreditEntry.kind == "lesson"
        )
    )
    later = T0 + timedelta(days=3)
    credits.reverse_entry(admin, entry.id, "重复刷课，已核实", later)
    db.session.commit()
    cert, others = (
        db.session.scalar(db.select(Certificate).where(Certificate.person_id == p.id))
        for p in (worker, other)
    )
    assert cert.revoked_at == later and others.revoked_at is None

    anonymous = app.test_client()
    page = anonymous.get(f"/verify/{cert.id}").get_data(as_text=True)
    assert 'data-testid="revoked"' in page and "2026-11-05" in page
    assert "✓" not in page
    assert "✓" in anonymous.get(f"/verify/{others.id}").get_data(as_text=True)
    answer = anonymous.post("/verify/credential", data=token)
    assert answer.status_code == 422
    assert answer.json["reason"] == "revoked"
    assert answer.json["certificate"]["revoked_on"] == "2026-11-05"

    own = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "此证书已于2026-11-05撤销" in own
    assert "certificate.pdf" not in own
    for download in ("certificate.pdf", "certificate.jwt"):
        refused = client.get(f"/courses/{course.id}/{download}")
        assert refused.status_code == 409
        assert "此证书已撤销" in refused.get_data(as_text=True)
