"""Test helpers: hypothesis strategies for quizzes and logical answers, and an
encoder from logical answers to the learner-API shape of a given attempt."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from quizzes import NumericAnswer, Option, Pair, Question, Quiz, TextAnswer
from quizzes.qtypes.pairs import right_texts
from quizzes.view import View

# GIFT control characters, markers, CJK, full-width and newlines on purpose.
ALPHABET = "ab Z09~=#{}:\\%[]/->_*\n消防安全１２ＡＢ"
texts = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
plain_texts = texts.filter(lambda t: "->" not in t)
optional = st.one_of(st.just(""), texts)
weights = st.one_of(
    st.integers(-100, 100).map(float), st.sampled_from([33.3, 12.5, -0.5])
)
numbers = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
ids = st.text("abcxyz0123_-", min_size=1, max_size=6)


@st.composite
def options(draw, single: bool) -> tuple[Option, ...]:
    found = draw(st.lists(_option(), min_size=2, max_size=5))
    if single:
        found[draw(st.integers(0, len(found) - 1))] = replace(found[0], weight=100.0)
        found = [replace(o, weight=min(o.weight, 100.0)) for o in found]
    elif sum(o.weight for o in found if o.weight > 0) < 100:
        found[0] = replace(found[0], weight=100.0)
    return tuple(found)


def _option():
    return st.builds(
        Option,
        texts,
        weights,
        optional,
        st.sampled_from(["", "img/a.png"]),
        st.booleans(),
    )


def _short_answers():
    answer = st.builds(
        TextAnswer, plain_texts, weights, optional.filter(lambda t: "->" not in t)
    )
    return st.lists(answer, min_size=1, max_size=3).map(
        lambda found: (replace(found[0], weight=100.0), *found[1:])
    )


@st.composite
def _numeric_answers(draw):
    found = []
    for _ in range(draw(st.integers(1, 3))):
        value, spread = draw(numbers), draw(st.floats(0, 100))
        form = draw(st.sampled_from(["value", "range"]))
        kwargs = (
            {"value": value, "tolerance": spread}
            if form == "value"
            else {"low": value, "high": value + spread}
        )
        found.append(
            NumericAnswer(weight=draw(weights), feedback=draw(optional), **kwargs)
        )
    found[0] = replace(found[0], weight=100.0)
    if draw(st.booleans()):
        found.append(NumericAnswer(weight=0.0, feedback=draw(optional)))
    return tuple(found)


BODIES = {
    "single": st.fixed_dictionaries({"options": options(True)}),
    "multiple": st.fixed_dictionaries({"options": options(False)}),
    "truefalse": st.fixed_dictionaries(
        {"answer": st.booleans(), "feedback_true": optional, "feedback_false": optional}
    ),
    "short": st.fixed_dictionaries({"answers": _short_answers()}),
    "numerical": st.fixed_dictionaries({"answers": _numeric_answers()}),
    "matching": st.fixed_dictionaries(
        {
            "pairs": st.lists(
                st.builds(Pair, plain_texts, texts), min_size=2, max_size=4
            ).map(tuple)
        }
    ),
    "ordering": st.fixed_dictionaries(
        {
            "items": st.lists(
                texts.filter(lambda t: not t.startswith("//")), min_size=2, max_size=5
            ).map(tuple),
            "grading": st.sampled_from(["absolute_position", "all_or_nothing"]),
        }
    ),
}


@st.composite
def questions(draw, qid: str = "q", kind: str | None = None) -> Question:
    kind = kind or draw(st.sampled_from(sorted(BODIES)))
    return Question(
        id=qid,
        type=kind,
        prompt=draw(texts),
        format=draw(st.sampled_from(["markdown", "html", "plain", "moodle"])),
        name=draw(st.one_of(st.just(""), texts)),
        category=draw(st.sampled_from(["", "$course$/消防"])),
        image=draw(st.sampled_from(["", "img/q.png"])),
        feedback=draw(optional),
        **draw(BODIES[kind]),
    )


@st.composite
def quizzes(draw, max_questions: int = 4) -> Quiz:
    qids = draw(st.lists(ids, min_size=1, max_size=max_questions, unique=True))
    found = tuple(draw(questions(qid)) for qid in qids)
    return Quiz(
        title=draw(texts),
        questions=found,
        pass_score=draw(st.sampled_from([0.0, 0.6, 0.8, 1.0])),
        draw=draw(st.integers(0, len(found))),
        shuffle=draw(st.booleans()),
        max_attempts=draw(st.integers(0, 5)),
        cooldown_minutes=draw(st.sampled_from([0.0, 5.0, 2.5])),
        time_limit_minutes=draw(st.sampled_from([0.0, 30.0])),
    )


@st.composite
def logical_answers(draw, question: Question):
    """A random logical answer of the right shape for `question`."""
    n_options, n_items = len(question.options), len(question.items)
    makers = {
        "single": lambda: st.integers(0, n_options - 1),
        "multiple": lambda: st.frozensets(st.integers(0, n_options - 1)),
        "truefalse": st.booleans,
        "short": lambda: st.one_of(
            texts, st.sampled_from([a.text for a in question.answers])
        ),
        "numerical": lambda: numbers,
        "matching": lambda: _matching_answer(question),
        "ordering": lambda: st.permutations(range(n_items)).map(tuple),
    }
    return draw(makers[question.type]())


def _matching_answer(question: Question):
    lefts = [i for i, pair in enumerate(question.pairs) if pair.left]
    rights = len(right_texts(question))
    return st.dictionaries(st.sampled_from(lefts), st.integers(0, rights - 1))


def encode(quiz: Quiz, seed: int, question: Question, logical):
    """The learner-API answer meaning `logical` in the attempt with `seed`."""
    view = View(seed, question, quiz.shuffle)
    if question.type in ("single", "multiple", "ordering"):
        size = len(question.options) or len(question.items)
        ids = view.ids("o", size)
        if question.type == "single":
            return ids[logical]
        return [
            ids[i]
            for i in (sorted(logical) if question.type == "multiple" else logical)
        ]
    if question.type == "matching":
        left = view.ids("l", len(question.pairs))
        right = view.ids("r", len(right_texts(question)))
        return {left[i]: right[j] for i, j in logical.items()}
    return logical
