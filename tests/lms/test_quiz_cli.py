"""`flask quizzes check FILE` and `flask quizzes convert FILE --to gift|yaml`."""

import quizzes
from tests.support.quiz_helpers import QUIZ_COURSE

YAML_QUIZ = QUIZ_COURSE / "lessons" / "01-charging.quiz.yaml"
GIFT_QUIZ = QUIZ_COURSE / "lessons" / "02-call-119.quiz.gift"


def run(app, *args):
    return app.test_cli_runner().invoke(args=["quizzes", *args])


def test_check_a_good_file(app):
    result = run(app, "check", str(YAML_QUIZ))
    assert result.exit_code == 0
    assert "OK" in result.output and "电动车安全充电小测，7 道题" in result.output


def test_check_reports_line_and_column_in_chinese(app, tmp_path):
    bad = tmp_path / "bad.quiz.yaml"
    bad.write_text("title: 小测\ncolour: red\nquestions: []\n", encoding="utf-8")
    result = run(app, "check", str(bad))
    assert result.exit_code == 1
    assert "第 2 行第 1 列" in result.stderr and "colour" in result.stderr


def test_check_lists_what_a_gift_import_skipped(app, tmp_path):
    gift = tmp_path / "essay.gift"
    gift.write_text("::a::1+1=?{=2}\n\n::b::写一段话。{}\n", encoding="utf-8")
    result = run(app, "check", str(gift))
    assert result.exit_code == 0 and "第 3 行" in result.output


def test_convert_both_ways(app, tmp_path):
    to_gift = run(app, "convert", str(YAML_QUIZ), "--to", "gift")
    assert to_gift.exit_code == 0 and "// question: where" in to_gift.stdout
    written = tmp_path / "x.gift"
    written.write_text(to_gift.stdout, encoding="utf-8")
    assert quizzes.check_file(written) == quizzes.check_file(YAML_QUIZ)
    to_yaml = run(app, "convert", str(GIFT_QUIZ), "--to", "yaml")
    assert to_yaml.exit_code == 0
    assert quizzes.load_yaml(to_yaml.stdout) == quizzes.check_file(GIFT_QUIZ)


def test_convert_a_broken_file_fails(app, tmp_path):
    bad = tmp_path / "bad.gift"
    bad.write_text("::a::问题{=对 ~错\n", encoding="utf-8")
    result = run(app, "convert", str(bad), "--to", "yaml")
    assert result.exit_code == 1 and "第 1 行" in result.stderr
    unknown = run(app, "convert", str(YAML_QUIZ), "--to", "aiken")
    assert unknown.exit_code == 2
