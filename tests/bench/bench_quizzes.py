"""Benchmark of the quiz engine: present and grade attempts of a 200-question bank.

Run from the project root: PYTHONPATH=. .venv/bin/python tests/bench/bench_quizzes.py
"""

from __future__ import annotations

import time
from dataclasses import replace

from quizzes import (
    Option,
    Question,
    Quiz,
    dump_gift,
    grade_attempt,
    load_gift,
    present_attempt,
)


def bank(size: int = 200) -> Quiz:
    options = tuple(Option(f"选项 **{i}**", 100.0 if i == 0 else 0.0) for i in range(4))
    questions = tuple(
        Question(
            id=f"q{i}", type="single", prompt=f"第 {i} 题：哪个对？", options=options
        )
        for i in range(size)
    )
    return Quiz(title="题库", questions=questions, draw=20)


def main() -> None:
    quiz = bank()
    runs = 200
    start = time.perf_counter()
    for seed in range(runs):
        shown = present_attempt(quiz, seed)
        answers = {q["id"]: q["options"][0]["id"] for q in shown}
        grade_attempt(quiz, seed, answers)
    per_attempt = (time.perf_counter() - start) / runs * 1000
    print(f"present + grade, 20 of 200 questions: {per_attempt:.2f} ms per attempt")
    start = time.perf_counter()
    text = dump_gift(replace(quiz, draw=0))
    assert load_gift(text).quiz.questions == quiz.questions
    print(
        f"GIFT dump + load of 200 questions: {(time.perf_counter() - start) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
