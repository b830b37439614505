"""The studio a trainer meets: the demo trainer's own course, the shipped library
(read-only, copied with one click), insight for every course they can see with the
hardest questions by lowest facility, the quiz preview's answer key, autosave, and
"发布" publishing what is on screen."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from lms.models import Course, CourseStatus, LessonDraft, OrgKind, Person, Role
from lms.services.seed.demo import DEMO_COURSE, ensure_demo
from tests.support.quiz_helpers import copy_quiz_course, right_answers, start, submit

GIFT = "::rain:: 雨天刹车距离会怎样？{=变长#对，路面湿滑 ~变短#不对 ~不变}"


def shipped_quiz_course(factory, tmp_path) -> Course:
    """The quiz test course as the shipped library has it: no school."""
    folder = copy_quiz_course(tmp_path)
    yaml = folder / "course.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("school: school-gz-vocational\n", ""),
        encoding="utf-8",
    )
    return factory.course(folder)


def trainer_of_school(factory):
    school = factory.org("school-gz-vocational", OrgKind.SCHOOL)
    return factory.person(Role.TRAINER, org=school)


def test_the_demo_trainer_owns_a_demo_course(app, client, db, factory):
    ensure_demo(Path(app.config["LMS_DATA_DIR"]) / "demo-accounts.txt")
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.code == DEMO_COURSE))
    assert course.school.code == "school-gz-vocational" and len(course.lessons) == 1
    trainer = db.session.scalar(
        select(Person).where(Person.person_id == "demo-trainer")
    )
    factory.login(client, trainer, password=_password(app, trainer))
    assert "骑手急救示范课" in client.get("/studio/").text
    assert client.get(f"/studio/courses/{course.id}").status_code == 200


def _password(app, person) -> str:
    lines = (Path(app.config["LMS_DATA_DIR"]) / "demo-accounts.txt").read_text()
    line = next(x for x in lines.splitlines() if person.phone in x)
    return line.rsplit("password ", 1)[1].strip()


def test_library_is_read_only_and_copied_as_my_course(client, db, factory, tmp_path):
    shipped = shipped_quiz_course(factory, tmp_path)
    trainer = trainer_of_school(factory)
    factory.login(client, trainer)
    home = client.get("/studio/").text
    assert "内置课程库" in home and shipped.title in home and "复制为我的课程" in home
    assert client.get(f"/studio/courses/{shipped.id}").status_code == 404  # no editing
    assert client.get(f"/studio/courses/{shipped.id}/insight").status_code == 200
    copied = client.post(f"/studio/courses/{shipped.id}/copy")
    assert copied.status_code == 302
    db.session.commit()
    copy = db.session.scalar(select(Course).where(Course.id != shipped.id))
    assert copy.school_id == trainer.organisation_id
    assert copy.status == CourseStatus.DRAFT
    assert [lesson.title for lesson in copy.lessons] == [
        lesson.title for lesson in shipped.lessons
    ]
    assert client.get(copied.headers["Location"]).status_code == 200


def test_insight_lists_the_hardest_questions_first_with_their_text(
    client, db, factory, tmp_path
):
    from lms.services.assessment import store as quiz_store

    shipped = shipped_quiz_course(factory, tmp_path)
    lesson = shipped.lessons[0]
    quiz = quiz_store.load(quiz_store.current_version(quiz_store.quiz_of(lesson)))
    missed = quiz.questions[-1]
    for _ in range(2):
        factory.login(client, factory.person())
        attempt_id = start(client, lesson).json["attempt_id"]
        answers = right_answers(db, attempt_id)
        answers.pop(missed.id)  # everyone leaves the last question out
        assert submit(client, attempt_id, answers).status_code == 200
        client.post("/logout")
    factory.login(client, trainer_of_school(factory))
    page = client.get(f"/studio/courses/{shipped.id}/insight").text
    hardest = page.split('class="hardest"')[1].split("</ol>")[0]
    first = hardest.split("<li>")[1]
    assert missed.prompt.split("\n")[0][:10] in first and "答对率 0%" in first
    assert missed.id not in hardest or missed.prompt in hardest  # text, not only ids


def test_quiz_preview_shows_the_answer_key_and_feedback(client, db, factory, tmp_path):
    trainer = trainer_of_school(factory)
    factory.login(client, trainer)
    client.post(
        "/studio/courses/new",
        data={"title": "雨天骑行", "topic": "other", "summary": "", "code": ""},
    )
    course = db.session.scalar(select(Course))
    client.post(f"/studio/courses/{course.id}/lessons", data={"title": "刹车"})
    draft = db.session.scalar(select(LessonDraft))
    client.post(
        f"/studio/drafts/{draft.id}/quiz", data={"format": "gift", "text": GIFT}
    )
    page = client.get(f"/studio/drafts/{draft.id}/quiz").text
    key = page.split('class="answer-key"')[1]
    assert "✓ 变长" in key and "对，路面湿滑" in key and "✗ 变短" in key
    assert "onsubmit" not in page  # no inline handlers (CSP)


def test_autosave_and_publish_take_what_is_on_screen(client, db, factory):
    trainer = trainer_of_school(factory)
    factory.login(client, trainer)
    client.post(
        "/studio/courses/new",
        data={"title": "雨天骑行", "topic": "other", "summary": "", "code": ""},
    )
    course = db.session.scalar(select(Course))
    client.post(f"/studio/courses/{course.id}/lessons", data={"title": "刹车"})
    draft = db.session.scalar(select(LessonDraft))
    form = {
        "title": "刹车",
        "duration_min": "5",
        "credit_hours": "0.25",
        "sources_text": "交通安全手册",
        "guide_md": "## 提前减速\n\n雨天刹车距离变长。\n",
    }
    saved = client.post(f"/studio/drafts/{draft.id}/autosave", data=form)
    assert saved.get_json() == {"saved": True}
    bad = client.post(
        f"/studio/drafts/{draft.id}/autosave", data=form | {"duration_min": "abc"}
    )
    assert bad.status_code == 422 and "数字" in bad.get_json()["error"]["message"]
    on_screen = form | {"guide_md": "## 提前减速\n\n看清路面再刹车。\n"}
    published = client.post(f"/studio/drafts/{draft.id}/publish", data=on_screen)
    assert published.status_code == 302
    db.session.commit()
    lesson = db.session.scalar(select(Course)).lessons[0]
    assert "看清路面再刹车" in lesson.guide_md
    course_page = client.get(published.headers["Location"]).text
    assert "已发布，劳动者现在就能看到" in course_page
