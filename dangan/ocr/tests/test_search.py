"""Full-text search through the one interface, on whichever database the tests run on (SQLite FTS5 or
PostgreSQL tsvector): Chinese without spaces, catalog and page hits, scoping, highlighting, index sync."""

from __future__ import annotations

import io

import pytest

from dangan.custody.models import ArchiveUnit
from dangan.custody.testing import make_units
from dangan.ocr import search as search_mod
from dangan.ocr.models import PageText
from dangan.ocr.search import search

pytestmark = pytest.mark.django_db

TEXT = "为进一步加强档案数字化外包安全管理，各单位要严格落实保密管理责任。"


def put_text(unit, page, text):
    return PageText.objects.update_or_create(unit=unit, page=page, defaults={"text": text, "engine": "fake"})[
        0
    ]


def test_chinese_query_without_spaces_finds_a_hit_inside_a_word(cw):
    unit = cw.units[1]
    put_text(unit, 3, TEXT)
    results = search(cw.world.client_a_manager, "字化外包")
    assert results.total == 1
    hit = results.hits[0]
    assert (hit.archive_no, hit.title, hit.page) == (unit.archive_no, unit.title, 3)
    assert "<mark>字化外包</mark>" in hit.snippet
    assert hit.url.endswith("#p3")
    # Two separate words must both appear; one that does not appear gives nothing.
    assert search(cw.world.client_a_manager, "保密 外包").total == 1
    assert search(cw.world.client_a_manager, "保密 涉密").total == 0


def test_catalog_fields_are_searched(cw):
    unit = cw.units[0]
    unit.responsible = "某某市档案局"
    unit.save()
    by_title = search(cw.world.client_a_manager, "第1号事项")
    assert [(h.archive_no, h.page) for h in by_title.hits] == [(unit.archive_no, None)]
    assert "<mark>第1号事项</mark>" in by_title.hits[0].title_html
    by_no = search(cw.world.client_a_manager, unit.archive_no)
    assert unit.archive_no in [h.archive_no for h in by_no.hits]
    assert search(cw.world.client_a_manager, "市档案局").hits[0].archive_no == unit.archive_no


def test_results_are_restricted_to_units_the_user_may_see(cw):
    w = cw.world
    mine = cw.units[0]
    [theirs] = make_units(w.client_b, 1, fonds="X001")
    [far] = make_units(w.client_far, 1, fonds="Y001")
    for unit in (mine, theirs, far):
        put_text(unit, 1, TEXT)

    def found(user):
        res = search(user, "外包安全")
        assert res.total == len(res.hits)
        return {h.unit_id for h in res.hits}

    assert found(w.client_a_manager) == {mine.pk}
    assert found(w.client_b_manager) == {theirs.pk}
    assert found(w.provider_a_manager) == {mine.pk}  # the project's provider
    assert found(w.provider_b_manager) == set()
    assert found(w.city_officer) == {mine.pk, theirs.pk}  # 140100 jurisdiction
    assert found(w.province_officer) == {mine.pk, theirs.pk}
    assert found(w.other_officer) == {far.pk}  # 410000 only


def test_snippet_is_escaped_and_centred_on_the_hit(cw):
    long_text = "前言" * 100 + "<script>alert(1)</script>关键词出现在这里" + "结尾" * 100
    put_text(cw.units[0], 1, long_text)
    hit = search(cw.world.client_a_manager, "关键词").hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>关键词</mark>" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 400


def test_index_follows_changes_of_text_and_catalog(cw):
    user = cw.world.client_a_manager
    page = put_text(cw.units[0], 1, "原来的文字内容")
    assert search(user, "原来").total == 1
    page.text = "修改后的文字"
    page.save()
    assert search(user, "原来").total == 0
    assert search(user, "修改后").total == 1
    page.delete()
    assert search(user, "修改后").total == 0

    unit = cw.units[2]
    unit.title = "关于档案库房温湿度控制的报告"
    unit.save()
    assert [h.unit_id for h in search(user, "温湿度").hits] == [unit.pk]
    assert search(user, "第3号事项").total == 0


def test_units_created_in_bulk_are_found(cw):
    """The custody import uses bulk_create (no signals); search indexes such units before querying."""
    ArchiveUnit.objects.bulk_create(
        [
            ArchiveUnit(
                owner=cw.world.client_a, archive_no="Z109-WS·2012-Y-BGS-0001", title="批量导入的会议纪要"
            )
        ]
    )
    assert [h.archive_no for h in search(cw.world.client_a_manager, "会议纪要").hits] == [
        "Z109-WS·2012-Y-BGS-0001"
    ]


def test_single_character_query_and_latin_words(cw):
    put_text(cw.units[0], 1, "档")
    put_text(cw.units[1], 1, "成果为 PDF/A-2b 格式")
    assert search(cw.world.client_a_manager, "档").total >= 1
    assert [h.unit_id for h in search(cw.world.client_a_manager, "ｐｄｆ").hits] == [cw.units[1].pk]


def test_paging_and_the_count_cap(cw, monkeypatch):
    user = cw.world.client_a_manager
    for page in range(1, 8):
        put_text(cw.units[0], page, f"第{page}页 共同的词语")
    first = search(user, "共同的词语", limit=3)
    second = search(user, "共同的词语", limit=3, offset=3)
    assert first.total == 7 and first.has_next and not first.has_previous
    assert not {h.page for h in first.hits} & {h.page for h in second.hits}
    monkeypatch.setattr(search_mod, "COUNT_CAP", 5)
    capped = search(user, "共同的词语", limit=3)
    assert capped.capped and capped.total == 5 and len(capped.hits) == 3


def test_empty_or_unsearchable_query_returns_nothing(cw):
    put_text(cw.units[0], 1, TEXT)
    assert search(cw.world.client_a_manager, "").total == 0
    assert search(cw.world.client_a_manager, "，。！").hits == []


def test_reindex_command_rebuilds_a_lost_index(cw):
    from django.core.management import call_command
    from django.db import connection

    put_text(cw.units[0], 1, TEXT)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ocr_fts")
    assert search(cw.world.client_a_manager, "外包安全").total == 0
    call_command("ocr_reindex", stdout=io.StringIO())
    assert search(cw.world.client_a_manager, "外包安全").total == 1
    assert search(cw.world.client_a_manager, "第2号事项").total == 1
