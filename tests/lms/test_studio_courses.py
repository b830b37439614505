"""The trainer studio: courses, lesson drafts, live preview, publishing, quizzes."""

from sqlalchemy import select

from lms.models import Course, Lesson, LessonDraft, OrgKind, Role, StudioAudit

GIFT = "::q1:: 雨天刹车距离会怎样？{=变长 ~变短 ~不变}\n"
GUIDE = "## 第一步\n\n先看现场是否安全。\n"
SOURCE = "中国红十字会《救护员培训教材》 | https://www.redcross.org.cn/"


def trainer(factory, code="school-a"):
    return factory.person(Role.TRAINER, org=factory.org(code, OrgKind.SCHOOL))


def new_course(client, title="骑手急救基础"):
    answer = client.post(
        "/studio/courses/new",
        data={"title": title, "topic": "first_aid", "summary": "简介"},
    )
    assert answer.status_code == 302
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def new_draft(client, course_id, title="现场安全", minutes="8"):
    answer = client.post(f"/studio/courses/{course_id}/lessons", data={"title": title})
    draft_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    save = client.post(
        f"/studio/drafts/{draft_id}",
        data={
            "title": title,
            "duration_min": minutes,
            "credit_hours": "0.25",
            "sources_text": SOURCE,
            "guide_md": GUIDE,
        },
    )
    assert save.status_code == 302, save.text
    return draft_id


def test_a_trainer_creates_writes_publishes_and_every_step_is_audited(
    client, db, factory
):
    person = trainer(factory)
    factory.login(client, person)
    course_id = new_course(client)
    draft_id = new_draft(client, course_id, minutes="８ 分钟")  # forgiving input
    assert client.post(f"/studio/drafts/{draft_id}/publish").status_code == 302
    assert (
        client.post(
            f"/studio/courses/{course_id}/status", data={"status": "published"}
        ).status_code
        == 302
    )
    course = db.session.get(Course, course_id)
    assert course.school_id == person.organisation_id and course.status == "published"
    [lesson] = course.lessons
    assert (lesson.version, lesson.duration_s, lesson.guide_md) == (1, 480, GUIDE)
    assert db.session.scalar(select(LessonDraft)) is None
    actions = db.session.scalars(select(StudioAudit.action).order_by(StudioAudit.id))
    assert list(actions) == [
        "course_create",
        "lesson_create",
        "lesson_edit",
        "lesson_publish",
        "course_status",
    ]
    assert client.get(f"/courses/{course_id}").status_code == 200  # workers see it


def test_other_schools_courses_answer_404_and_admins_see_all(client, db, factory):
    factory.login(client, trainer(factory, "school-a"))
    course_id = new_course(client)
    client.post("/logout")
    factory.login(client, trainer(factory, "school-b"))
    assert client.get(f"/studio/courses/{course_id}").status_code == 404
    assert (
        client.post(
            f"/studio/courses/{course_id}/lessons", data={"title": "x"}
        ).status_code
        == 404
    )
    client.post("/logout")
    factory.login(client, factory.person(Role.ADMIN))
    assert client.get(f"/studio/courses/{course_id}").status_code == 200


def test_a_preview_body_that_is_not_a_json_object_is_400(client, factory):
    factory.login(client, trainer(factory))
    course_id = new_course(client)
    url = f"/studio/courses/{course_id}/preview"
    for data in ("[1]", "not json"):
        answer = client.post(
            url,
            data=data,
            content_type="application/json",
            headers={"Accept": "application/json"},
        )
        assert answer.status_code == 400
        assert answer.get_json()["error"]["code"] == "invalid_json"


def test_live_preview_uses_the_learner_renderer(client, factory):
    factory.login(client, trainer(factory))
    course_id = new_course(client)
    answer = client.post(
        f"/studio/courses/{course_id}/preview",
        json={
            "markdown": "## 标题\n\n![图](../images/a.webp)<script>alert(1)</script>"
        },
    )
    html = answer.get_json()["html"]
    assert "<h2>标题</h2>" in html and "<script" not in html
    assert "/images/a.webp" in html and 'src="/media/courses/' in html


def test_reorder_moves_lessons(client, db, factory):
    factory.login(client, trainer(factory))
    course_id = new_course(client)
    first, second = (
        new_draft(client, course_id, "甲"),
        new_draft(client, course_id, "乙"),
    )
    code = db.session.get(LessonDraft, second).code
    client.post(
        f"/studio/courses/{course_id}/move", data={"code": code, "direction": "up"}
    )
    drafts = db.session.scalars(select(LessonDraft).order_by(LessonDraft.position))
    assert [d.id for d in drafts] == [second, first]


def test_a_lesson_over_30_minutes_cannot_be_published(client, db, factory):
    factory.login(client, trainer(factory))
    course_id = new_course(client)
    draft_id = new_draft(client, course_id, minutes="45")
    page = client.get(f"/studio/drafts/{draft_id}").text
    assert "微课必须少于 30 分钟" in page
    answer = client.post(f"/studio/drafts/{draft_id}/publish")
    assert answer.status_code == 422 and "微课必须少于 30 分钟" in answer.text
    assert db.session.scalar(select(Lesson)) is None
    assert db.session.get(LessonDraft, draft_id) is not None


def test_editing_a_published_lesson_keeps_workers_copy_until_publish(
    client, db, factory, sample_course_dir
):
    factory.org("school-gz-vocational", OrgKind.SCHOOL)
    course = factory.course(sample_course_dir)
    lesson = course.lessons[0]
    factory.login(client, trainer(factory, "school-gz-vocational"))
    draft_url = client.get(f"/studio/lessons/{lesson.id}/edit").headers["Location"]
    form = {
        "title": "雨天骑行（新版）",
        "duration_min": "5",
        "credit_hours": "0.25",
        "sources_text": SOURCE,
        "guide_md": "## 新的一节\n\n新内容。\n",
    }
    assert client.post(draft_url, data=form).status_code == 302
    worker_page = client.get(f"/lessons/{lesson.id}").text
    assert "雨天骑行三要点" in worker_page and "新内容" not in worker_page
    preview = client.get(f"{draft_url}/preview").text
    assert "预览" in preview and "新内容" in preview and 'class="guide"' in preview
    assert client.post(f"{draft_url}/publish").status_code == 302
    db.session.refresh(lesson)
    assert (lesson.version, lesson.title) == (2, "雨天骑行（新版）")
    assert "新内容" in client.get(f"/lessons/{lesson.id}").text


def test_a_pasted_quiz_is_checked_previewed_and_published(client, db, factory):
    factory.login(client, trainer(factory))
    course_id = new_course(client)
    draft_id = new_draft(client, course_id)
    bad = client.post(
        f"/studio/drafts/{draft_id}/quiz",
        data={"format": "gift", "text": "题目 {=对 ~错\n"},
    )
    assert bad.status_code == 422 and "第 1 行" in bad.text
    assert db.session.get(LessonDraft, draft_id).quiz_text == ""
    good = client.post(
        f"/studio/drafts/{draft_id}/quiz", data={"format": "gift", "text": GIFT}
    )
    assert good.status_code == 302
    page = client.get(f"/studio/drafts/{draft_id}/quiz").text
    assert "变长" in page and 'type="radio"' in page
    client.post(f"/studio/drafts/{draft_id}/publish")
    lesson = db.session.scalar(select(Lesson))
    assert lesson.has_quiz
