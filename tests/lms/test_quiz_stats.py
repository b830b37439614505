"""The trainers' item analysis page and CSV, and who may see them."""

import pytest

from lms.models import OrgKind, Quiz, Role
from lms.services.assessment import attempts as quiz_attempts
from tests.support.quiz_helpers import copy_quiz_course, option_id

SCHOOL = "school-gz-vocational"  # the quiz course's school


@pytest.fixture
def school(factory):
    return factory.org(SCHOOL, OrgKind.SCHOOL)


@pytest.fixture
def lesson(factory, school, tmp_path):
    """The GIFT quiz: `first` (single choice, option 1 right), `meet` (true)."""
    return factory.course(copy_quiz_course(tmp_path)).lessons[1]


@pytest.fixture
def quiz_id(db, lesson) -> int:
    return db.session.scalar(db.select(Quiz.id).where(Quiz.lesson_id == lesson.id))


def answer(db, worker, lesson, first_option: int, meet: bool) -> None:
    attempt, _ = quiz_attempts.start_attempt(worker, lesson)
    answers = {"first": option_id(attempt.seed, "first", first_option), "meet": meet}
    quiz_attempts.submit_attempt(worker, attempt, answers)
    db.session.commit()


@pytest.fixture
def four_attempts(db, factory, lesson):
    """Totals 1.0, 0.5, 0.5, 0: the top and bottom groups are one attempt each."""
    for first, meet in [(0, True), (0, False), (1, True), (2, False)]:
        answer(db, factory.person(Role.WORKER), lesson, first, meet)


def test_item_analysis_figures(client, factory, school, quiz_id, four_attempts):
    factory.login(client, factory.person(Role.TRAINER, org=school))
    listing = client.get("/studio/quizzes").text
    assert "拨打119" in listing and f"/studio/quizzes/{quiz_id}" in listing
    page = client.get(f"/studio/quizzes/{quiz_id}").text
    assert "已评分作答 4 次" in page and "通过率" in page and "区分度" in page
    first = _row(page, "first")
    assert '<td class="facility">0.50</td>' in first
    assert '<td class="discrimination">1.00</td>' in first
    assert '<li data-choice="1">地址: <span class="count">2</span>' in first
    assert '<li data-choice="3">火有多大: <span class="count">1</span>' in first
    meet = _row(page, "meet")
    assert '<td class="facility">0.50</td>' in meet  # right in A and C
    assert '<td class="discrimination">1.00</td>' in meet  # A right, D wrong
    assert '<li data-choice="true">正确: <span class="count">2</span>' in meet


def _row(page: str, question_id: str) -> str:
    start = page.index(f'data-question="{question_id}"')
    return page[start : page.index("</tr>", start)]


def test_the_csv_download(client, factory, school, quiz_id, four_attempts):
    factory.login(client, factory.person(Role.TRAINER, org=school))
    answer = client.get(f"/studio/quizzes/{quiz_id}/stats.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    lines = answer.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "question_id,attempts,facility,discrimination,choice,count"
    assert lines[1:] == [
        "first,4,0.5000,1.0000,1,2",
        "first,4,0.5000,1.0000,2,1",
        "first,4,0.5000,1.0000,3,1",
        "meet,4,0.5000,1.0000,false,2",
        "meet,4,0.5000,1.0000,true,2",
    ]


def test_trainers_see_only_their_own_schools_quizzes(client, factory, quiz_id):
    other = factory.org("school-other", OrgKind.SCHOOL)
    factory.login(client, factory.person(Role.TRAINER, org=other))
    assert "拨打119" not in client.get("/studio/quizzes").text
    assert client.get(f"/studio/quizzes/{quiz_id}").status_code == 404
    assert client.get(f"/studio/quizzes/{quiz_id}/stats.csv").status_code == 404
    client.post("/logout")
    factory.login(client, factory.person(Role.TRAINER))  # no school at all
    assert client.get(f"/studio/quizzes/{quiz_id}").status_code == 404
    client.post("/logout")
    factory.login(client, factory.person(Role.ADMIN))
    assert client.get(f"/studio/quizzes/{quiz_id}").status_code == 200
    assert client.get(f"/studio/quizzes/{quiz_id}?version=9").status_code == 404
    client.post("/logout")
    factory.login(client, factory.person(Role.WORKER))
    assert client.get(f"/studio/quizzes/{quiz_id}").status_code == 403


def test_an_empty_quiz_has_empty_figures(client, factory, school, quiz_id):
    factory.login(client, factory.person(Role.TRAINER, org=school))
    page = client.get(f"/studio/quizzes/{quiz_id}").text
    assert "已评分作答 0 次" in page and '<td class="attempts">0</td>' in page
