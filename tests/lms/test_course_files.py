"""`flask courses check` and `flask courses import`: errors with file and line, idempotence."""

from lms.models import Course, Lesson


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_check_passes_a_good_course(app, sample_course_dir):
    result = run(app, "courses", "check", str(sample_course_dir))
    assert result.exit_code == 0, result.output
    assert "OK sample-101" in result.output


def test_check_names_file_and_line(app, sample_course_dir):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson.read_text(encoding="utf-8")
    text = text.replace("duration_min: 5", "duration_min: 45").replace(
        "![示意图：雨天刹车距离比晴天长一倍]", "![]"
    )
    lesson.write_text(text, encoding="utf-8")
    result = run(app, "courses", "check", str(sample_course_dir))
    assert result.exit_code == 1
    assert f"{lesson}:4: 微课时长应大于 0 且少于 30 分钟" in result.output
    assert f"{lesson}:15: 图片 ../images/braking.svg 缺少替代文字" in result.output


def test_check_reports_broken_yaml_with_its_line(app, sample_course_dir):
    course_file = sample_course_dir / "course.yaml"
    course_file.write_text("code: x\ntitle: [unclosed\n", encoding="utf-8")
    result = run(app, "courses", "check", str(sample_course_dir))
    assert result.exit_code == 1 and f"{course_file}:3: YAML 格式错误" in result.output


def test_import_twice_updates_never_duplicates(app, db, sample_course_dir):
    assert run(app, "courses", "import", str(sample_course_dir)).exit_code == 0
    lesson = sample_course_dir / "lessons" / "02-visibility.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("让别人看见你", "让车看见你")
    )
    assert run(app, "courses", "import", str(sample_course_dir)).exit_code == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 1
    lessons = db.session.scalars(db.select(Lesson).order_by(Lesson.position)).all()
    assert [(x.code, x.title, x.version) for x in lessons] == [
        ("rain-riding", "雨天骑行三要点", 1),
        ("visibility", "让车看见你", 2),
    ]


def test_a_course_with_any_error_is_refused_whole(app, db, sample_course_dir):
    assert run(app, "courses", "import", str(sample_course_dir)).exit_code == 0
    (sample_course_dir / "lessons" / "01-rain-riding.md").write_text(
        "没有头信息", encoding="utf-8"
    )
    lesson = sample_course_dir / "lessons" / "02-visibility.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("让别人看见你", "改过的标题")
    )
    result = run(app, "courses", "import", str(sample_course_dir))
    assert result.exit_code == 1 and "未导入" in result.output
    titles = db.session.scalars(db.select(Lesson.title).order_by(Lesson.position)).all()
    assert titles == ["雨天骑行三要点", "让别人看见你"]


def test_the_shipped_library_passes_check(app):
    result = run(app, "courses", "check")
    assert result.exit_code == 0, result.output


def test_check_refuses_picture_text_too_small_for_a_phone(app, sample_course_dir):
    svg = sample_course_dir / "images" / "braking.svg"
    svg.write_text(
        svg.read_text(encoding="utf-8").replace('font-size="17"', 'font-size="12"'),
        encoding="utf-8",
    )
    result = run(app, "courses", "check", str(sample_course_dir))
    assert result.exit_code == 1
    assert (
        f"{svg}:5: 图片文字太小：“晴天”在360像素宽的手机上只有 10.4 像素"
        in result.output
    )
    assert "OK sample-101" not in result.output
