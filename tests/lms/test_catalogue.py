"""Learner pages and the catalogue API over an imported course."""

import pytest
import yaml

from lms.models import Role

DANGEROUS = (
    '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'
)


@pytest.fixture
def course(factory, sample_course_dir):
    factory.org("school-gz-vocational", kind="school")
    guide = sample_course_dir / "lessons" / "02-visibility.md"
    guide.write_text(
        guide.read_text(encoding="utf-8") + "\n" + DANGEROUS + "\n", encoding="utf-8"
    )
    return factory.course(sample_course_dir)


@pytest.fixture
def signed_in(client, factory):
    worker = factory.person(Role.WORKER)
    factory.login(client, worker)
    return worker


def test_home_lists_the_course_in_chinese(client, course, signed_in):
    page = client.get("/").text
    assert '<html lang="zh-CN">' in page
    assert course.title in page and "课程" in page and "已完成 0 / 2 节" in page


def test_course_and_lesson_pages(client, course, signed_in):
    assert "雨天骑行三要点" in client.get(f"/courses/{course.id}").text
    lesson = course.lessons[0]
    page = client.get(f"/lessons/{lesson.id}").text
    assert "减速慢行" in page and "资料来源" in page and "公安部交通管理局" in page
    assert f"/media/courses/{course.code}/images/braking.svg" in page


def test_guide_html_is_sanitised(client, course, signed_in):
    lesson = course.lessons[1]
    body = client.get(f"/api/v1/lessons/{lesson.id}").json
    html = body["guide_html"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_api_shapes_follow_the_spec(client, course, signed_in):
    listing = client.get("/api/v1/courses").json["courses"]
    assert listing == [
        {
            "id": str(course.id),
            "code": "sample-101",
            "title": course.title,
            "summary": course.summary,
            "topic": "other",
            "lesson_count": 2,
            "credit_hours": "0.75",
            "completed_lessons": 0,
        }
    ]
    detail = client.get(f"/api/v1/courses/{course.id}").json
    assert [x["code"] for x in detail["lessons"]] == ["rain-riding", "visibility"]
    assert detail["lessons"][0]["duration_s"] == 300
    lesson = client.get(f"/api/v1/lessons/{detail['lessons'][0]['id']}").json
    assert set(lesson) >= {
        "id",
        "code",
        "title",
        "course_id",
        "duration_s",
        "credit_hours",
        "guide_html",
        "video",
        "quiz",
        "progress",
    }
    assert lesson["progress"] == {
        "watched_seconds": 0.0,
        "watched_ratio": 0.0,
        "position": 0.0,
        "guide_read": False,
        "quiz_passed": False,
        "completed": False,
    }


def test_topic_filter(client, course, signed_in):
    assert client.get("/api/v1/courses?topic=fire_safety").json == {"courses": []}


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "99999999999999999999999", "1.5"])
def test_unknown_ids_are_404_json(client, course, signed_in, bad):
    for path in (f"/api/v1/courses/{bad}", f"/api/v1/lessons/{bad}"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"


def test_images_are_served_with_range_support(client, course, signed_in):
    url = f"/media/courses/{course.code}/images/braking.svg"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.data.startswith(b"<svg")
    part = client.get(url, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.data == b"<svg"
    assert client.get("/media/../secret_key").status_code == 404


def test_openapi_describes_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = {
        (path, method.upper()) for path, ops in doc["paths"].items() for method in ops
    }
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
            path = path.replace("{int:", "{")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add(
                    (path.replace("course_id", "id").replace("lesson_id", "id"), method)
                )
    assert routes <= documented, routes - documented
    yaml.safe_dump(doc)  # plain data all the way down


def test_english_on_request(client, course, signed_in):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="en">' in page and "Courses" in page
    client.get("/lang/en")
    page = client.get("/", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="en">' in page and "lessons done" in page
    client.get("/lang/zh_CN")
    assert "已完成 0 / 2 节" in client.get("/").text
