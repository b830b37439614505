"""Search index: Chinese words, pinyin, ranking, snippets, updates and bad input."""

from __future__ import annotations

import multiprocessing

import pytest
from whoosh import fields
from whoosh import index as whoosh_index

from courses.search import (
    SearchDoc,
    SearchIndexBusy,
    markdown_to_text,
    open_or_create,
    warm_up,
)
from courses.search_text import JiebaTokenizer

CPR = SearchDoc(
    "lesson",
    "l1",
    "c1",
    "心肺复苏与AED",
    "成人心肺复苏的步骤",
    "胸外按压深度五到六厘米。取出AED后打开电源，按语音提示使用。",
)
CATALOGUE = [
    SearchDoc("course", "c1", None, "骑手急救基础", "现场安全、止血和包扎。", ""),
    CPR,
    SearchDoc(
        "lesson", "l2", "c1", "现场安全与拨打120", "确认环境安全", "说清地址和伤情。"
    ),
    SearchDoc(
        "lesson",
        "l3",
        "c2",
        "电动车电池起火怎么办",
        "火灾初起的处置",
        "不要在楼道充电。拔下灭火器保险销，对准火焰根部喷射。",
    ),
    SearchDoc(
        "lesson",
        "l4",
        "c3",
        "与顾客的纠纷调解",
        "沟通技巧",
        "先倾听，保存聊天记录作为证据。<b>不要</b>争吵 & 动手。",
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    warm_up()
    ix = open_or_create(tmp_path_factory.mktemp("search"))
    ix.rebuild(CATALOGUE)
    yield ix
    ix.close()


@pytest.fixture
def fresh(tmp_path):
    ix = open_or_create(tmp_path / "index")
    yield ix
    ix.close()


def ids(hits):
    return [hit.id for hit in hits]


@pytest.mark.parametrize(
    "query",
    ["心肺复苏", "xinfeifusu", "xin fei fu su", "xffs", "xfs", "XinFeiFuSu", "xinfeif"],
)
def test_chinese_and_pinyin_queries_find_the_cpr_lesson_first(index, query):
    hits = index.search(query)
    assert ids(hits)[0] == "l1"
    assert hits[0].kind == "lesson" and hits[0].course_id == "c1"
    assert hits[0].title == "心肺复苏与AED"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("纠纷", "l4"),
        ("jiufen", "l4"),
        ("ddc", "l3"),
        ("diandongche", "l3"),
        ("灭火器", "l3"),  # only in a body
        ("120", "l2"),
        ("火", "l3"),  # one character of a title word (起火)
        ("ｘｆｆｓ", "l1"),  # full-width letters
    ],
)
def test_queries_find_the_expected_document(index, query, expected):
    assert ids(index.search(query))[0] == expected


def test_mixed_latin_and_chinese_query_needs_both(index):
    assert ids(index.search("AED 使用")) == ["l1"]
    assert ids(index.search("xffs 按压")) == ["l1"]


def test_unrelated_query_finds_nothing(index):
    assert index.search("zzqqxx") == []
    assert index.search("量子力学") == []


def test_course_documents_are_found_with_their_kind(index):
    hits = index.search("骑手急救")
    assert (hits[0].kind, hits[0].id, hits[0].course_id) == ("course", "c1", None)


def test_title_match_ranks_above_body_matches(fresh):
    in_body = SearchDoc(
        "lesson", "b", "c", "楼道安全", "", "灭火器。" * 8 + "检查灭火器压力。"
    )
    in_title = SearchDoc("lesson", "t", "c", "灭火器的使用", "", "对准火焰根部。")
    fresh.rebuild([in_body, in_title])
    assert ids(fresh.search("灭火器")) == ["t", "b"]
    assert ids(fresh.search("miehuoqi")) == ["t"]  # pinyin covers titles, summaries


def test_snippet_marks_body_matches_and_escapes_html(index):
    hit = index.search("证据")[0]
    assert "<mark>证据</mark>" in hit.snippet_html
    assert "&lt;b&gt;不要&lt;/b&gt;" in hit.snippet_html
    assert "&amp;" in hit.snippet_html and "<b>" not in hit.snippet_html


def test_snippet_of_a_script_in_the_body_is_inert(fresh):
    body = "开始<script>alert('x')</script>然后心肺复苏"
    fresh.rebuild([SearchDoc("lesson", "x", None, "标题", "", body)])
    snippet = fresh.search("心肺复苏")[0].snippet_html
    assert snippet == (
        "开始&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;然后<mark>心肺复苏</mark>"
    )


def test_pinyin_snippet_marks_the_characters_of_summary_or_title(index):
    assert index.search("xffs")[0].snippet_html == "成人<mark>心肺复苏</mark>的步骤"
    assert index.search("xinfeif")[0].snippet_html == "成人<mark>心肺复</mark>苏的步骤"
    assert index.search("ddc")[0].snippet_html == "<mark>电动车</mark>电池起火怎么办"


def test_long_body_snippet_is_a_window_around_the_match(fresh):
    body = "甲" * 300 + "止血包扎" + "乙" * 300
    fresh.rebuild([SearchDoc("lesson", "x", None, "标题", "", body)])
    snippet = fresh.search("止血")[0].snippet_html
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>止血</mark>" in snippet and len(snippet) < 120


def test_upsert_replaces_and_delete_removes(fresh):
    fresh.rebuild(CATALOGUE)
    fresh.upsert([SearchDoc("lesson", "l1", "c1", "止血与包扎", "", "")])
    assert "l1" not in ids(fresh.search("心肺复苏"))
    assert ids(fresh.search("zhixue"))[0] == "l1"
    assert fresh.doc_count() == len(CATALOGUE)
    fresh.delete(["l1"])
    assert "l1" not in ids(fresh.search("zhixue"))
    assert fresh.doc_count() == len(CATALOGUE) - 1


def test_delete_with_kind_keeps_the_other_kind_with_the_same_id(fresh):
    fresh.rebuild(
        [
            SearchDoc("course", "7", None, "消防课程", "", ""),
            SearchDoc("lesson", "7", "7", "消防演练", "", ""),
        ]
    )
    fresh.delete(["7"], kind="lesson")
    assert [(h.kind, h.id) for h in fresh.search("消防")] == [("course", "7")]


def test_rebuild_is_idempotent_and_drops_what_is_gone(fresh):
    fresh.rebuild(CATALOGUE)
    first = [(h.id, round(h.score, 6), h.snippet_html) for h in fresh.search("安全")]
    fresh.rebuild(CATALOGUE + CATALOGUE)  # duplicates count once
    again = [(h.id, round(h.score, 6), h.snippet_html) for h in fresh.search("安全")]
    assert again == first and fresh.doc_count() == len(CATALOGUE)
    fresh.rebuild(CATALOGUE[:1])
    assert fresh.doc_count() == 1 and fresh.search("xffs") == []


def test_an_index_reopens_with_its_content(tmp_path):
    first = open_or_create(tmp_path)
    first.rebuild(CATALOGUE)
    first.close()
    again = open_or_create(tmp_path)
    assert again.doc_count() == len(CATALOGUE) and ids(again.search("xffs")) == ["l1"]
    again.close()


def test_an_index_with_another_schema_is_replaced_by_an_empty_one(tmp_path):
    whoosh_index.create_in(tmp_path, fields.Schema(other=fields.ID(stored=True)))
    ix = open_or_create(tmp_path)
    assert ix.doc_count() == 0
    ix.rebuild(CATALOGUE)
    assert ids(ix.search("心肺复苏"))[0] == "l1"
    ix.close()


def _upsert_in_another_process(index_dir: str) -> None:
    ix = open_or_create(index_dir)
    ix.upsert([SearchDoc("lesson", "p1", "c9", "高层火灾逃生", "", "")])
    ix.close()


def test_reader_sees_a_commit_made_by_another_process(tmp_path):
    reader = open_or_create(tmp_path)
    reader.rebuild(CATALOGUE)
    assert reader.search("gaoceng") == []
    process = multiprocessing.get_context("fork").Process(
        target=_upsert_in_another_process, args=(str(tmp_path),)
    )
    process.start()
    process.join(60)
    assert process.exitcode == 0
    assert ids(reader.search("gaoceng")) == ["p1"]
    reader.close()


def test_writer_waits_for_the_lock_then_gives_up(tmp_path):
    holder = open_or_create(tmp_path)
    other = open_or_create(tmp_path, write_timeout=0.2)
    writer = holder._ix.writer()  # another writer holds Whoosh's lock
    try:
        with pytest.raises(SearchIndexBusy):
            other.upsert([CPR])
    finally:
        writer.cancel()
    other.upsert([CPR])  # the lock is free again
    assert ids(holder.search("xffs")) == ["l1"]
    holder.close()
    other.close()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   \t\n",
        "!!!@@@###",
        "😀🔥🚒",
        "x" * 10_000,
        "中" * 10_000,
        "title:(",
        'AND OR NOT "unclosed',
        "*?[]{}~^:/\\",
        "\x00\x01",
        "<script>alert(1)</script>",
        "心肺复苏 OR title:*",
    ],
)
def test_garbage_input_returns_a_list_without_error(index, query):
    hits = index.search(query)
    assert isinstance(hits, list) and len(hits) <= 20


def test_blank_and_symbol_queries_return_nothing(index):
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("!!!@@@") == []


def test_long_query_is_cut_to_its_first_hundred_characters(index):
    assert ids(index.search("心肺复苏" + "。" * 96 + "纠纷"))[0] == "l1"
    assert "l4" not in ids(index.search("心肺复苏" + "。" * 96 + "纠纷"))


def test_limit_bounds_the_number_of_hits(index):
    assert len(index.search("安全", limit=1)) == 1
    assert index.search("安全", limit=0) == []


def test_tokenizer_lowercases_and_drops_punctuation():
    tokens = [
        (t.text, t.startchar, t.endchar)
        for t in JiebaTokenizer()("心肺复苏，AED！", chars=True)
    ]
    assert tokens == [("心肺", 0, 2), ("复苏", 2, 4), ("aed", 5, 8)]


def test_markdown_to_text_keeps_words_and_alt_text_only():
    text = markdown_to_text(
        "## 第一步\n\n**按压**胸部，见[指南](https://example.org)。\n\n"
        "![急救员按压胸部的示意图](images/cpr.svg)\n\n<script>x()</script>"
    )
    assert text.splitlines()[0] == "第一步"
    assert "按压胸部，见指南。" in text and "急救员按压胸部的示意图" in text
    assert not any(mark in text for mark in ("**", "](", "##", "<", "x()"))


def test_search_doc_rejects_an_unknown_kind():
    with pytest.raises(ValueError):
        SearchDoc("video", "1", None, "标题")
