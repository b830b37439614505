"""In Debian's Chromium at 360x640: download a lesson, learn offline, reconnect, and
the server has the progress (queued events keep their ids and times); 40 s in a tunnel
mid-lesson lose no second of credit; a full phone says so; downloads can be removed."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from lms.models import LessonProgress, ProgressEvent, Role
from tests.support.phone import controlled, queued, sign_in, wait_for_queue
from tests.support.video_kit import publish, video_clips  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_download_learn_offline_and_sync_on_reconnection(
    db, factory, sample_course_dir, live_server, phone
):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[0]
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    controlled(page)
    box = page.locator(".download-box")
    box.locator("text=下载离线学习").wait_for()
    assert box.locator("text=删除下载").is_hidden()
    page.click("text=下载离线学习")
    page.wait_for_selector("text=已保存在手机上")
    assert box.locator("text=下载离线学习").is_hidden()
    assert box.locator("text=删除下载").is_visible()
    status = box.locator(".status").inner_text()
    assert re.fullmatch(r"已保存在手机上（\d+\.\d MB），没有信号也能学。", status), (
        status
    )

    phone.set_offline(True)
    page.goto(f"{live_server}/lessons/{lesson.id}")  # from the phone's copy
    assert page.locator(".guide h2").first.inner_text() == "减速慢行"
    image = page.locator(".guide img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "i => i.complete && i.naturalWidth > 0", arg=image.element_handle()
    )
    ranged = page.evaluate(  # how a video seeks in the phone's copy
        "src => fetch(src, {headers: {Range: 'bytes=5-14'}})"
        ".then(r => r.text().then(t => [r.status, t.length]))",
        image.get_attribute("src"),
    )
    assert ranged == [206, 10]
    page.locator(".guide-end").scroll_into_view_if_needed()  # read to the end
    wait_for_queue(page, 1)
    event_id, at = str(uuid.uuid4()), datetime.now(UTC).replace(microsecond=0)
    event = {"id": event_id, "from": 0, "to": 5, "rate": 1.0, "at": at.isoformat()}
    page.evaluate(
        "([url, e]) => RA.send(url, {position: 5, events: [e]})",
        [f"/api/v1/lessons/{lesson.id}/progress", event],
    )
    assert queued(page) == 2
    page.goto(f"{live_server}/courses/{course.id}")  # not downloaded: the offline page
    page.wait_for_selector(f".downloads a[href='/lessons/{lesson.id}']")
    assert page.locator(".offline-note").is_visible()

    db.session.commit()  # end the test's read snapshot: see what the server wrote
    row = db.session.scalar(db.select(LessonProgress).filter_by(lesson_id=lesson.id))
    row.first_opened_at -= timedelta(minutes=5)  # the guide was open long enough
    db.session.commit()
    phone.set_offline(False)
    wait_for_queue(page, 0)
    db.session.expire_all()
    row = db.session.scalar(db.select(LessonProgress).filter_by(lesson_id=lesson.id))
    assert row.guide_read_at is not None and row.position == 5.0
    sent = db.session.get(ProgressEvent, event_id)
    assert sent.is_accepted and sent.client_at.replace(tzinfo=UTC) == at


def test_a_full_phone_says_so_and_downloads_can_be_removed(
    factory, sample_course_dir, live_server, phone
):
    course = factory.course(sample_course_dir)
    first, second = course.lessons
    page = phone.new_page()
    sign_in(page, live_server, factory.person(Role.WORKER))
    page.goto(f"{live_server}/lessons/{first.id}")
    controlled(page)
    page.click("text=下载离线学习")
    page.wait_for_selector("text=已保存在手机上")

    cdp = phone.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": live_server, "quotaSize": 1})
    page.goto(f"{live_server}/lessons/{second.id}")
    page.click("text=下载离线学习")
    page.wait_for_selector("text=手机存储空间已满")
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": live_server})

    page.goto(f"{live_server}/offline")
    titles = page.locator(".downloads .title")
    titles.first.wait_for()
    assert titles.all_inner_texts() == [first.title]
    page.click(".downloads button")
    page.wait_for_function("document.querySelectorAll('.downloads li').length === 0")
    kept = page.evaluate(
        "caches.open('ra-offline-v1').then(c => c.keys()).then(k => k.length)"
    )
    assert kept == 0 and page.evaluate("RA.downloads()") == []


PLAYER = "document.getElementById('player')"
PLAYED = f"""(() => {{ const r = {PLAYER}.played; let s = 0;
  for (let i = 0; i < r.length; i++) s += r.end(i) - r.start(i); return s; }})()"""


def test_forty_seconds_offline_mid_lesson_every_second_watched_is_credited(
    db,
    factory,
    sample_course_dir,
    live_server,
    phone,
    video_clips,  # noqa: F811
):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[0]
    assert publish(lesson, video_clips.get("one-minute.mp4")).state == "done"
    page = phone.new_page()
    sign_in(page, live_server, factory.person(Role.WORKER))
    page.goto(f"{live_server}/lessons/{lesson.id}")
    controlled(page)
    page.click("text=下载离线学习")  # so the video plays on in the tunnel
    page.wait_for_selector("text=已保存在手机上")
    page.goto(f"{live_server}/lessons/{lesson.id}")
    page.wait_for_function(f"{PLAYER}.dataset.engine === 'mp4'")
    page.evaluate(f"{PLAYER}.play()")
    page.wait_for_function(f"{PLAYER}.currentTime >= 4", timeout=20000)

    phone.set_offline(True)  # into the tunnel, still watching
    page.wait_for_timeout(40_000)
    assert queued(page) >= 2  # sent every ~15 s, kept on the phone
    phone.set_offline(False)
    wait_for_queue(page, 0)
    page.wait_for_timeout(3_000)
    with page.expect_response(lambda r: r.url.endswith("/progress")):
        page.evaluate(f"{PLAYER}.pause()")
    played = page.evaluate(PLAYED)

    db.session.commit()  # see what the server committed
    row = db.session.scalar(db.select(LessonProgress).filter_by(lesson_id=lesson.id))
    assert played >= 45 and row.watched_seconds >= played - 1.0
    assert row.dropped_events == 0
