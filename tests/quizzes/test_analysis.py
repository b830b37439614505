"""Item analysis against a small example computed by hand."""

from __future__ import annotations

from quizzes import AttemptRecord, item_analysis, stats_csv


def records():
    # Ten attempts; question "a" (single, options "1".."3") and "b" (not always shown).
    data = [
        # total, a score, a choice, b score (None = not shown)
        (1.0, 1.0, "1", 1.0),
        (0.9, 1.0, "1", 1.0),
        (0.8, 1.0, "1", None),
        (0.7, 0.0, "2", 1.0),
        (0.6, 1.0, "1", 0.0),
        (0.5, 0.0, "3", 1.0),
        (0.4, 1.0, "1", 0.0),
        (0.3, 0.0, "2", None),
        (0.2, 0.0, "2", 0.0),
        (0.1, 0.0, "3", 0.0),
    ]
    found = []
    for total, a, choice, b in data:
        scores = {"a": a} | ({} if b is None else {"b": b})
        found.append(AttemptRecord(scores, total, {"a": [choice]}))
    return found


def test_facility_discrimination_and_choice_counts_by_hand():
    a, b = item_analysis(records())
    # a: 10 attempts, scores 1,1,1,0,1,0,1,0,0,0 -> facility 5/10 = 0.5.
    # Groups: round(0.27 * 10) = round(2.7) = 3 attempts each.
    # Upper (totals 1.0, 0.9, 0.8): 1,1,1 -> 1.0; lower (0.3, 0.2, 0.1): 0,0,0 -> 0.0.
    # Discrimination = 1.0 - 0.0 = 1.0. Choices: "1" x5, "2" x3, "3" x2.
    assert (a.question_id, a.attempts, a.facility, a.discrimination) == (
        "a",
        10,
        0.5,
        1.0,
    )
    assert a.choices == {"1": 5, "2": 3, "3": 2}
    # b: shown in 8 attempts (totals 1.0 .9 .7 .6 .5 .4 .2 .1), scores 1,1,1,0,1,0,0,0
    # -> facility 4/8 = 0.5. Groups: round(0.27 * 8) = round(2.16) = 2.
    # Upper (1.0, 0.9): 1,1 -> 1.0; lower (0.2, 0.1): 0,0 -> 0.0; discrimination 1.0.
    assert (b.attempts, b.facility, b.discrimination, b.choices) == (8, 0.5, 1.0, {})


def test_a_question_easier_for_weak_learners_has_negative_discrimination():
    found = [
        AttemptRecord({"x": float(i < 2)}, total)
        for i, total in enumerate([0.1, 0.2, 0.8, 0.9])
    ]
    # upper (0.9, 0.8) score 0; lower (0.2, 0.1) score 1 -> round(1.08) = 1 each -> 0 - 1.
    (x,) = item_analysis(found)
    assert x.discrimination == -1.0 and x.facility == 0.5


def test_csv_has_one_row_per_choice():
    text = stats_csv(item_analysis(records(), ["a", "b", "missing"]))
    assert text.splitlines() == [
        "question_id,attempts,facility,discrimination,choice,count",
        "a,10,0.5000,1.0000,1,5",
        "a,10,0.5000,1.0000,2,3",
        "a,10,0.5000,1.0000,3,2",
        "b,8,0.5000,1.0000,,",
        "missing,0,0.0000,0.0000,,",
    ]
