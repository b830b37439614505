"""`GET /api/v1/search` (learner-api.md) and keeping the index in line with courses."""

from pathlib import Path

import pytest

from lms.models import CourseStatus, Role
from lms.services.catalogue import search_index


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


@pytest.fixture
def signed_in(client, factory):
    factory.login(client, factory.person(Role.WORKER))


def results(client, q, **params):
    answer = client.get("/api/v1/search", query_string={"q": q, **params})
    assert answer.status_code == 200, answer.json
    return answer.json["results"]


def titles(client, q):
    return [r["title"] for r in results(client, q)]


def forget_changes(db):
    """As if the logged course changes were long applied: only what the test does
    next reaches the index (searching applies recent changes again)."""
    from lms.models import CatalogueChange

    db.session.execute(db.delete(CatalogueChange))
    db.session.commit()


def test_chinese_words_full_pinyin_and_initials_find_chinese_titles(
    client, course, signed_in
):
    lesson = course.lessons[0]
    found = results(client, "积水")  # a word in the guide's body
    assert found[0] == {
        "kind": "lesson",
        "id": str(lesson.id),
        "title": "雨天骑行三要点",
        "snippet_html": found[0]["snippet_html"],
        "course_id": str(course.id),
    }
    assert "<mark>积水</mark>" in found[0]["snippet_html"]
    assert "雨天骑行三要点" in titles(client, "yutianqixing")  # full pinyin
    assert "雨天骑行三要点" in titles(client, "ytqx")  # initials
    kinds = {(r["kind"], r["id"]) for r in results(client, "示例课程")}
    assert ("course", str(course.id)) in kinds


def test_blank_long_and_bad_queries(client, course, signed_in):
    assert results(client, "") == [] and results(client, "   ") == []
    answer = client.get("/api/v1/search", query_string={"q": "骑" * 101})
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "invalid_query"
    answer = client.get("/api/v1/search", query_string={"q": "雨天", "limit": "0"})
    assert answer.status_code == 400
    assert len(results(client, "雨天", limit="1")) == 1
    assert results(client, "<script>雨天") is not None  # escaped, never a 500


def test_search_needs_a_signed_in_person(client, course):
    answer = client.get("/api/v1/search?q=雨天")
    assert answer.status_code == 401 and answer.json["error"]["code"] == "unauthorized"


def test_importing_a_course_indexes_it_in_the_data_dir(app, client, course, signed_in):
    assert (Path(app.config["LMS_DATA_DIR"]) / "search").is_dir()
    assert search_index.current().doc_count() == 3  # the course and two lessons


def test_a_changed_title_is_found_after_import(
    app, db, client, factory, signed_in, sample_course_dir
):
    factory.course(sample_course_dir)
    md = sample_course_dir / "lessons" / "01-rain-riding.md"
    md.write_text(md.read_text().replace("雨天骑行三要点", "暴雨天气骑行要点"))
    factory.course(sample_course_dir)
    assert "暴雨天气骑行要点" in titles(client, "baoyu")
    assert "雨天骑行三要点" not in titles(client, "ytqx")


def test_an_unpublished_course_disappears(app, db, client, course, signed_in):
    course.status = CourseStatus.DRAFT
    db.session.commit()
    assert titles(client, "ytqx") == []  # stale index: hits are checked in the DB
    search_index.reindex_course(course)
    index = search_index.current()
    assert [h.title for h in index.search("ytqx")] == []


def test_cli_reindex_and_the_background_task_rebuild_from_the_database(
    app, db, client, course, signed_in
):
    import shutil

    from lms.tasks import rebuild_search_index

    forget_changes(db)
    search_index.current().rebuild([])  # an emptied (or lost) index
    assert titles(client, "ytqx") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "索引 3 条" in result.output
    assert "雨天骑行三要点" in titles(client, "ytqx")
    search_index.current().rebuild([])
    assert rebuild_search_index() == 3
    assert "雨天骑行三要点" in titles(client, "ytqx")
    shutil.rmtree(Path(app.config["LMS_DATA_DIR"]) / "search")
    app.extensions.pop("search_index").close()
    assert "雨天骑行三要点" in titles(client, "ytqx")  # rebuilt on first use


def test_caption_text_is_searchable(app, db, client, course, signed_in):
    from lms.models import JobKind, LessonVideo

    lesson = course.lessons[1]
    folder = Path(app.config["LMS_DATA_DIR"]) / "media" / "videos" / "7-abc"
    (folder / "captions").mkdir(parents=True)
    vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n戴好头盔，系紧下巴带。\n"
    (folder / "captions" / "zh-CN.vtt").write_text(vtt, encoding="utf-8")
    manifest = {"captions": [{"lang": "zh-CN", "path": "captions/zh-CN.vtt"}]}
    db.session.add(
        LessonVideo(
            lesson_id=lesson.id,
            folder="7-abc",
            kind=JobKind.IMPORT,
            source_key="0" * 64,
            duration_s=30.0,
            width=640,
            height=360,
            manifest=manifest,
        )
    )
    forget_changes(db)
    assert titles(client, "头盔") == []
    search_index.reindex_course(course)  # what a video change calls
    assert titles(client, "头盔") == [lesson.title]
