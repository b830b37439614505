"""In Debian's Chromium at 360x640, with a video published through the real job path:
watching is reported live (RA.track → RA.send); "Download for offline" keeps the
smallest MP4, poster and captions; offline, the phone's copy plays (the service worker
answers its Range requests) and the watching is queued, then accepted on reconnection."""

import pytest

from lms.models import LessonProgress, ProgressEvent, Role
from tests.support.phone import controlled, sign_in, wait_for_queue
from tests.support.video_kit import publish, video_clips  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
PLAYER = "document.getElementById('player')"


def play_until(page, seconds: float) -> None:
    page.wait_for_selector("#player[data-engine]", state="attached")  # source chosen
    page.evaluate(f"{PLAYER}.play()")
    page.wait_for_function(f"{PLAYER}.currentTime >= {seconds}", timeout=20000)
    page.evaluate(f"{PLAYER}.pause()")


def test_watch_live_then_offline_from_the_download(
    db,
    factory,
    sample_course_dir,
    live_server,
    phone,
    video_clips,  # noqa: F811
):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[0]
    assert publish(lesson, video_clips.get("six-seconds.mp4")).state == "done"
    page = phone.new_page()
    sign_in(page, live_server, factory.person(Role.WORKER))
    page.goto(f"{live_server}/lessons/{lesson.id}")
    controlled(page)
    play_until(page, 2)  # online: sent at once
    wait_for_queue(page, 0)
    page.click("text=下载离线学习")
    page.wait_for_selector("text=已保存在手机上")
    record = page.evaluate(f"RA.downloaded({lesson.id})")
    smallest = page.evaluate(
        f"fetch('/api/v1/lessons/{lesson.id}').then(r => r.json())"
        ".then(l => RA.smallestMp4(l.video).url)"
    )
    assert record["video"] == smallest and smallest in record["urls"]

    phone.set_offline(True)
    page.goto(f"{live_server}/lessons/{lesson.id}")  # the phone's copy
    page.wait_for_function(f"{PLAYER}.dataset.engine === 'mp4'")
    play_until(page, 4.5)
    assert page.evaluate(f"{PLAYER}.currentSrc").endswith(smallest)
    wait_for_queue(page, 1)
    phone.set_offline(False)
    wait_for_queue(page, 0)

    db.session.commit()  # see what the server committed
    row = db.session.scalar(db.select(LessonProgress).filter_by(lesson_id=lesson.id))
    assert row.watched_seconds >= 4.0 and row.dropped_events == 0
    events = list(
        db.session.scalars(db.select(ProgressEvent).filter_by(progress_id=row.id))
    )
    assert len(events) >= 2 and all(e.is_accepted for e in events)
