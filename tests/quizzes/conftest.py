"""Fixtures of the quiz engine tests: Moodle's own GIFT examples, our README quiz."""

from __future__ import annotations

import pytest
from quiz_helpers import moodle_examples, readme_yaml

from quizzes import Quiz, load_gift, load_yaml


@pytest.fixture(scope="session")
def moodle_quiz() -> Quiz:
    return load_gift(moodle_examples()).quiz


@pytest.fixture(scope="session")
def readme_quiz() -> Quiz:
    return load_yaml(readme_yaml())
