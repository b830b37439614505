"""The phone shell: manifest, service worker, gzip, larger text, home, search page."""

import gzip
import re

import pytest

from lms.models import Role


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


@pytest.fixture
def worker(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def test_manifest_and_service_worker_are_public(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.json
    assert body["start_url"] == "/" and body["display"] == "standalone"
    assert body["lang"] == "zh-CN" and body["name"] == "骑手课堂"
    for icon in body["icons"]:
        assert client.get(icon["src"]).mimetype == "image/png"
    sw = client.get("/sw.js")
    assert sw.mimetype == "application/javascript"
    assert sw.headers["Cache-Control"] == "no-cache"
    text = sw.text
    assert "__VERSION__" not in text and "__SHELL__" not in text
    assert re.search(r'"/static/offline\.[0-9a-f]{10}\.js"', text)
    assert '"/offline"' in text
    assert client.get("/offline").status_code == 200


def test_text_responses_are_gzipped_media_ranges_are_not(client, course, worker):
    page = client.get(
        f"/lessons/{course.lessons[0].id}", headers={"Accept-Encoding": "gzip"}
    )
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    html = gzip.decompress(page.data).decode()
    assert "雨天骑行三要点" in html and "<h2>减速慢行</h2>" in html  # no JS needed
    css = client.get("/static/app.css", headers={"Accept-Encoding": "gzip, br"})
    assert css.headers["Content-Encoding"] == "gzip"
    assert css.headers["ETag"].startswith('W/"')
    assert gzip.decompress(css.data).startswith(b"/* Phone first")
    plain = client.get("/static/app.css")
    assert "Content-Encoding" not in plain.headers
    image = "/media/courses/sample-101/images/braking.svg"
    part = client.get(image, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert part.status_code == 206 and len(part.data) == 10
    assert "Content-Encoding" not in part.headers


def test_larger_text_is_kept_in_a_cookie(client, worker):
    answer = client.post("/settings/text-size", data={"size": "large", "next": "/"})
    assert answer.status_code == 302 and answer.location == "/"
    assert '<html lang="zh-CN" class="large-text">' in client.get("/").text
    client.post(
        "/settings/text-size", data={"size": "normal", "next": "//evil.example"}
    )
    assert '<html lang="zh-CN">' in client.get("/").text


def test_home_resumes_the_last_lesson_and_links_credits(client, db, course, worker):
    lesson = course.lessons[1]
    client.get(f"/api/v1/lessons/{lesson.id}")
    client.post(f"/api/v1/lessons/{lesson.id}/progress", json={"position": 83.0})
    home = client.get("/").text
    assert f'href="/lessons/{lesson.id}#play"' in home
    assert "从 1:23 继续" in home
    assert 'href="/credits"' in home and "0.00" in home
    assert 'role="search"' in home
    assert 'data-position="83.0"' in client.get(f"/lessons/{lesson.id}").text


def test_search_page_and_english_interface(client, course, worker):
    page = client.get("/search?q=ytqx").text
    assert "“ytqx”的搜索结果" in page
    assert f'href="/lessons/{course.lessons[0].id}#play"' in page
    english = client.get("/search?q=ytqx&lang=en").text
    assert '<html lang="en">' in english and "Results for “ytqx”" in english
    lesson = client.get(f"/lessons/{course.lessons[0].id}?lang=en").text
    assert "Download for offline" in lesson and "Larger text" in lesson
    nothing = client.get("/search?q=zzzzqqq&lang=en").text
    assert "Nothing found" in nothing


def test_static_files_carry_their_hash_and_are_cached_for_a_year(client, worker):
    home = client.get("/").text
    (css,) = re.findall(r'href="(/static/app\.[0-9a-f]{10}\.css)"', home)
    (script,) = re.findall(r'src="(/static/app\.[0-9a-f]{10}\.js)"', home)
    for url in (css, script):
        answer = client.get(url)
        assert answer.status_code == 200
        cache = answer.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache
    assert client.get(css).data == client.get("/static/app.css").data
    assert "max-age=31536000" not in client.get("/static/app.css").headers.get(
        "Cache-Control", ""
    )  # the plain name is revalidated
    stale = css.replace(css.split(".")[1], "0123456789")
    answer = client.get(stale)  # an old page's name: today's file, not for a year
    assert answer.status_code == 200 and "immutable" not in answer.headers.get(
        "Cache-Control", ""
    )
    assert client.get("/static/nothing.0123456789.css").status_code == 404
