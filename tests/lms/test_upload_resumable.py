"""The trainers' resumable upload (lms/studio/media.py): chunks at offsets, a dropped
connection resumed from the server's offset, each rejection's Chinese message with
nothing left behind, and who may upload where."""

# ruff: noqa: F811 - fixtures imported from video_kit are used as arguments

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lms.models import OrgKind, Role, TranscodeJob
from tests.support.video_kit import (  # noqa: F401 - fixtures
    school_course,
    trainer,
    video_clips,
)


@pytest.fixture
def immediate():
    """Jobs run inside the request that queues them (Huey's immediate mode)."""
    from lms import tasks

    tasks.huey.immediate = True
    yield
    tasks.huey.immediate = False


JSON = {"Accept": "application/json"}  # as upload.js asks: errors come as JSON


def leftovers(app) -> list[Path]:
    data = Path(app.config["LMS_DATA_DIR"])
    return [p for d in ("uploads", "media-sources") for p in (data / d).glob("*")]


def start(client, lesson, data: bytes, name="clip.mp4"):
    answer = client.post(
        f"/studio/lessons/{lesson.id}/uploads",
        json={"filename": name, "size": len(data)},
        headers=JSON,
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def send(client, url, data: bytes, offset: int, size: int):
    return client.patch(
        url,
        data=data[offset : offset + size],
        headers={"Upload-Offset": str(offset), **JSON},
    )


def test_chunked_upload_publishes_the_video(
    app, db, client, factory, school_course, trainer, video_clips, immediate
):
    factory.login(client, trainer)
    lesson = school_course.lessons[0]
    data = video_clips.get("landscape.mp4").read_bytes()
    up = start(client, lesson, data)
    assert (up["offset"], up["size"]) == (0, len(data))
    offset, step = 0, 16 * 1024
    while offset < len(data):
        answer = send(client, up["url"], data, offset, step)
        assert answer.status_code == 200
        offset = answer.get_json()["offset"]
    again = send(client, up["url"], data, 0, step)  # a replayed first chunk
    assert again.status_code == 409
    done = client.post(up["url"] + "/complete", headers=JSON)
    assert done.status_code == 202
    status = client.get(done.get_json()["status_url"]).get_json()
    assert (status["state"], status["progress"], status["published"]) == (
        "done",
        1.0,
        True,
    )
    video = client.get(f"/api/v1/lessons/{lesson.id}").get_json()["video"]
    assert video["mp4"][0]["height"] == 240
    assert [p.parent.name for p in leftovers(app)] == [
        "media-sources"
    ]  # kept for re-runs
    page = client.get(f"/studio/lessons/{lesson.id}/media").get_data(as_text=True)
    assert "240p" in page and "MB/" in page


def test_a_dropped_connection_resumes_from_the_servers_offset(
    app, db, client, factory, school_course, trainer, video_clips, live_server
):
    factory.login(client, trainer)
    lesson = school_course.lessons[0]
    data = video_clips.get("landscape.mp4").read_bytes()
    up = start(client, lesson, data)
    assert send(client, up["url"], data, 0, 20000).get_json()["offset"] == 20000

    # The next chunk: headers promise 20000 bytes, 7000 arrive, then the line drops.
    cookie = client.get_cookie("session").value
    host = urlsplit(live_server)
    with socket.create_connection((host.hostname, host.port), timeout=10) as line:
        head = (
            f"PATCH {up['url']} HTTP/1.1\r\nHost: {host.netloc}\r\n"
            f"Cookie: session={cookie}\r\nUpload-Offset: 20000\r\n"
            "Content-Length: 20000\r\n\r\n"
        )
        line.sendall(head.encode() + data[20000:27000])
        line.shutdown(socket.SHUT_WR)
        line.recv(4096)  # wait for the server to notice and answer (or close)
    status = client.get(up["url"]).get_json()
    assert status["offset"] == 20000  # the partial chunk was not kept

    offset = status["offset"]
    while offset < len(data):
        offset = send(client, up["url"], data, offset, 20000).get_json()["offset"]
    part = Path(app.config["LMS_DATA_DIR"]) / "uploads" / f"{up['id']}.part"
    assert part.read_bytes() == data


REJECTIONS = [
    ("cut-in-half.mp4", "corrupt", "视频文件不完整或已损坏"),
    ("too-short.mp4", "too_short", "视频时长不足"),
    ("audio-only.m4a", "no_video", "没有视频画面"),
    ("notes.mp4", "unreadable", "无法识别该文件"),
]


@pytest.mark.parametrize(("name", "code", "message"), REJECTIONS)
def test_each_rejection_says_why_and_leaves_nothing(
    app, db, client, factory, school_course, trainer, video_clips, name, code, message
):
    factory.login(client, trainer)
    lesson = school_course.lessons[0]
    if name == "notes.mp4":
        data = "上课笔记，不是视频。\n".encode() * 50
    else:
        data = video_clips.get(name).read_bytes()
    up = start(client, lesson, data, name)
    assert send(client, up["url"], data, 0, len(data)).status_code == 200
    answer = client.post(up["url"] + "/complete", headers=JSON)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == code and message in error["message"]
    assert leftovers(app) == []
    assert db.session.scalar(db.select(db.func.count(TranscodeJob.id))) == 0
    assert client.get(up["url"]).status_code == 404


def test_too_large_is_refused_before_a_byte_is_sent(
    app, client, factory, school_course, trainer
):
    factory.login(client, trainer)
    lesson = school_course.lessons[0]
    answer = client.post(
        f"/studio/lessons/{lesson.id}/uploads",
        json={"filename": "big.mp4", "size": 3 * 1024**3},
        headers=JSON,
    )
    assert answer.status_code == 422
    assert "文件超过 2 GB" in answer.get_json()["error"]["message"]
    assert leftovers(app) == []


def test_an_upload_body_that_is_not_a_json_object_is_400(
    app, client, factory, school_course, trainer
):
    factory.login(client, trainer)
    url = f"/studio/lessons/{school_course.lessons[0].id}/uploads"
    answer = client.post(url, data="[1]", content_type="application/json", headers=JSON)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "invalid_json"
    assert leftovers(app) == []


def test_trainers_only_reach_their_own_schools_lessons(
    app, db, client, factory, school_course, trainer
):
    lesson = school_course.lessons[0]
    other = factory.person(Role.TRAINER, factory.org("school-other", OrgKind.SCHOOL))
    factory.login(client, other)
    body = {"filename": "a.mp4", "size": 10}
    assert (
        client.post(f"/studio/lessons/{lesson.id}/uploads", json=body).status_code
        == 403
    )
    assert client.get(f"/studio/lessons/{lesson.id}/media").status_code == 403
    assert school_course.title not in client.get("/studio/media").get_data(as_text=True)

    factory.login(client, trainer)
    up = client.post(f"/studio/lessons/{lesson.id}/uploads", json=body).get_json()
    factory.login(client, other)
    assert client.get(up["url"]).status_code == 404  # someone else's upload
    factory.login(client, factory.person(Role.WORKER))
    assert client.get("/studio/media").status_code == 403
    factory.login(client, factory.person(Role.ADMIN))
    assert school_course.title in client.get("/studio/media").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(TranscodeJob.id))) == 0
