"""Trainers' item analysis of quizzes: a list of the quizzes they may see, each
version's figures (facility, discrimination, option counts) and a CSV download."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from lms.services.assessment import analysis as quiz_analysis
from lms.studio import bp


@bp.get("/quizzes")
def quizzes():
    listings = quiz_analysis.visible_quizzes(current_user)
    return render_template("studio/quizzes.html", listings=listings)


@bp.get("/quizzes/<int:quiz_id>")
def quiz_stats(quiz_id: int):
    quiz = quiz_analysis.get_quiz(current_user, quiz_id)
    version = quiz_analysis.version_of(quiz, request.args.get("version", type=int))
    return render_template(
        "studio/quiz_stats.html",
        quiz=quiz,
        analysis=quiz_analysis.analyse(version),
        choice_label=quiz_analysis.choice_label,
    )


@bp.get("/quizzes/<int:quiz_id>/stats.csv")
def quiz_stats_csv(quiz_id: int):
    quiz = quiz_analysis.get_quiz(current_user, quiz_id)
    version = quiz_analysis.version_of(quiz, request.args.get("version", type=int))
    body = "\ufeff" + quiz_analysis.stats_csv(quiz_analysis.analyse(version))
    name = f"quiz-{quiz.id}-v{version.version}-items.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
