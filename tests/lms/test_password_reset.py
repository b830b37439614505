"""Forgotten password (auth pages): a code by SMS through the SMS gateway (the log
backend here), the same answer for unknown phones, rate limits, wrong and expired
codes, and a reset that ends every other session."""

import logging
import re
from datetime import timedelta

import pytest

from lms.models import PasswordReset, Role
from lms.services.accounts import passwords


@pytest.fixture
def worker(factory):
    return factory.person(Role.WORKER)


def ask(client, phone):
    return client.post("/password/forgot", data={"phone": phone})


def texted(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "lms.sms"]


def code_in(message: str) -> str:
    return re.search(r"验证码是 (\d{6})", message).group(1)


def test_a_code_by_sms_sets_a_new_password_and_ends_other_sessions(
    app, client, db, factory, worker, caplog
):  # sessions.end_sessions raises the session version
    before = worker.session_version or 0
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        answer = ask(client, worker.phone)
    assert answer.status_code == 302 and "sent=1" in answer.location
    page = client.get(answer.location).text
    assert "如果该手机号已注册，验证码已通过短信发出" in page
    (message,) = texted(caplog)
    assert worker.phone[-4:] in message and "【骑手课堂】" in message
    assert worker.phone not in message  # logs hold masked numbers only
    body = {"phone": worker.phone, "code": code_in(message), "password": "new horse 77"}
    done = client.post("/password/reset", data=body)
    assert done.status_code == 302 and done.location == "/"
    assert client.get("/").status_code == 200  # signed in with the new password
    db.session.expire_all()
    person = db.session.get(type(worker), worker.id)
    assert person.session_version == before + 1  # every other session ends
    again = client.post("/password/reset", data=body)  # a code works once
    assert "验证码错误或已过期" in again.text
    factory.login(app.test_client(), worker, password="new horse 77")


def test_unknown_phones_get_the_same_answer_and_no_sms(client, worker, caplog):
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        unknown = ask(client, "13000000000")
        known = ask(client, worker.phone)
    assert unknown.status_code == known.status_code == 302
    assert unknown.location.replace("13000000000", worker.phone) == known.location
    assert len(texted(caplog)) == 1


def test_wrong_short_and_expired_codes_change_nothing(client, db, worker, caplog):
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        ask(client, worker.phone)
    code = code_in(texted(caplog)[0])
    wrong = "000000" if code != "000000" else "111111"
    short = {"phone": worker.phone, "code": code, "password": "short"}
    assert "新密码至少 8 位" in client.post("/password/reset", data=short).text
    for _ in range(passwords.MAX_WRONG_TRIES):
        body = {"phone": worker.phone, "code": wrong, "password": "new horse 77"}
        answer = client.post("/password/reset", data=body)
        assert answer.status_code == 200 and "验证码错误或已过期" in answer.text
    right = {"phone": worker.phone, "code": code, "password": "new horse 77"}
    assert "验证码错误或已过期" in client.post("/password/reset", data=right).text
    db.session.expire_all()
    assert db.session.get(type(worker), worker.id).password_hash == worker.password_hash
    reset = db.session.scalar(db.select(PasswordReset))
    reset.wrong_tries, reset.expires_at = 0, reset.created_at - timedelta(seconds=1)
    db.session.commit()
    assert "验证码错误或已过期" in client.post("/password/reset", data=right).text


def test_codes_are_rate_limited_per_person(client, db, worker, caplog):
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        ask(client, worker.phone)
        ask(client, worker.phone)  # within the minute: no second SMS
    assert len(texted(caplog)) == 1
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 1


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_the_form_is_rate_limited_per_address(client, worker):
    answers = [ask(client, f"1300000000{i}").status_code for i in range(4)]
    assert answers[:3] == [302, 302, 302] and answers[3] == 429


def test_sign_in_page_links_to_the_reset(client):
    assert 'href="/password/forgot"' in client.get("/login").text
    assert "忘记密码？" in client.get("/password/forgot").text
