"""The numbering pass on its own: entries in, numbers and problems out (no files)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from typeset.errors import TypesetError
from typeset.model import Colophon, Issue, Numbers, Origin, Recipients
from typeset.numbering import Anchor, Entry, keep_stated, number_entries, number_issues

D = dt.date


def entry(date: dt.date, name: str, number: int | None = None, total: int | None = None,
          supplement: bool = False) -> Entry:
    stated = Numbers(number or 0, total) if number or total else None
    return Entry(date, supplement, stated, Origin(f"{name}.yaml"), name if name.isdigit() else "")


def weekly(first: dt.date, count: int, step: int = 7) -> list[dt.date]:
    return [first + dt.timedelta(days=step * k) for k in range(count)]


# 2023: 10 issues, 2024: 25, 2025: 30; anchor 2024 第 5 期.
DATES = weekly(D(2023, 10, 2), 10) + weekly(D(2024, 1, 8), 25) + weekly(D(2025, 1, 6), 30, 5)
ANCHOR_AT = 10 + 4


def truth() -> list[Numbers]:
    """Counted by hand: first file 2023 第 1 期 = 总第 1001 期."""
    out, n, year = [], 0, None
    for k, d in enumerate(DATES):
        n = n + 1 if d.year == year else 1
        year = d.year
        out.append(Numbers(n, 1001 + k))
    return out


ANCHOR = Anchor(DATES[ANCHOR_AT], truth()[ANCHOR_AT].year_number, truth()[ANCHOR_AT].total or 0)


def names(r) -> list[str]:
    return [str(p) for p in r.problems]


def test_numbers_follow_from_anchor_and_date_order() -> None:
    entries = [entry(d, f"f{k}") for k, d in enumerate(DATES)]
    r = number_entries(entries, ANCHOR)
    assert r.problems == ()
    assert list(r.numbers) == truth()


def test_file_order_does_not_matter() -> None:
    entries = [entry(d, f"f{k}") for k, d in enumerate(DATES)]
    r = number_entries(entries[::-1], ANCHOR)
    assert list(r.numbers) == truth()[::-1]


def test_yearly_number_restarts_at_one_each_year() -> None:
    r = number_entries([entry(d, f"f{k}") for k, d in enumerate(DATES)], ANCHOR)
    by_year: dict[int, list[int]] = {}
    for d, n in zip(DATES, r.numbers, strict=True):
        by_year.setdefault(d.year, []).append(n.year_number)
    assert by_year == {2023: list(range(1, 11)), 2024: list(range(1, 26)), 2025: list(range(1, 31))}


def test_anchor_without_a_file_on_its_date() -> None:
    # anchor 2024-03-26 第 40 期 = 总第 645 期; files only after it
    anchor = Anchor(D(2024, 3, 26), 40, 645)
    entries = [entry(d, f"f{k}") for k, d in enumerate([D(2024, 4, 2), D(2024, 4, 9), D(2025, 1, 3)])]
    r = number_entries(entries, anchor)
    assert list(r.numbers) == [Numbers(41, 646), Numbers(42, 647), Numbers(1, 648)]
    # and files only before it
    entries = [entry(d, f"f{k}") for k, d in enumerate([D(2024, 3, 12), D(2024, 3, 19)])]
    assert list(number_entries(entries, anchor).numbers) == [Numbers(38, 643), Numbers(39, 644)]


def test_real_anchor_issue_gets_the_anchor_numbers() -> None:
    anchor = Anchor(D(2024, 3, 26), 40, 645)
    r = number_entries([entry(D(2024, 3, 26), "645", 40, 645)], anchor)
    assert r.numbers == (Numbers(40, 645),) and r.problems == ()


def test_earliest_year_may_begin_mid_year() -> None:
    # the files start at 2023 第 48 期: the first stated yearly number fixes that year's count
    dates = weekly(D(2023, 11, 1), 4) + weekly(D(2024, 1, 5), 3)
    anchor = Anchor(D(2024, 1, 12), 2, 502)
    entries = [entry(d, f"f{k}") for k, d in enumerate(dates)]
    entries[1] = entry(dates[1], "f1", number=49)
    r = number_entries(entries, anchor)
    assert r.problems == ()
    assert [n.year_number for n in r.numbers] == [48, 49, 50, 51, 1, 2, 3]
    assert [n.total for n in r.numbers] == list(range(497, 504))
    # without a stated number the earliest year counts from 1
    r = number_entries([entry(d, f"f{k}") for k, d in enumerate(dates)], anchor)
    assert [n.year_number for n in r.numbers][:4] == [1, 2, 3, 4]


def test_supplements_have_their_own_count_and_do_not_advance_the_main_numbers() -> None:
    entries = [entry(d, f"f{k}") for k, d in enumerate(DATES)]
    sup = [entry(D(2024, 2, 5), "s1", supplement=True), entry(D(2024, 6, 1), "s2", supplement=True),
           entry(D(2025, 1, 6), "s3", supplement=True)]  # s3 on the same day as a main issue
    r = number_entries(entries + sup, ANCHOR)
    assert r.problems == ()
    assert list(r.numbers[: len(DATES)]) == truth()
    assert list(r.numbers[len(DATES):]) == [Numbers(1, None), Numbers(2, None), Numbers(1, None)]


def test_supplement_with_a_total_is_an_error() -> None:
    r = number_entries([entry(D(2024, 2, 5), "s", number=1, total=700, supplement=True)], None)
    assert any("增刊没有总期号" in p for p in names(r))


def test_supplement_named_by_its_number() -> None:
    e = Entry(D(2024, 2, 5), True, None, Origin("2024/增刊-3.yaml"), "增刊-3")
    r = number_entries([e], None)
    assert r.numbers == (Numbers(1, None),)
    assert any("文件名 增刊-3 与期号不符，应为 增刊-1" in p for p in names(r))


class TestSameDate:
    def test_ordered_by_stated_totals(self) -> None:
        day = D(2024, 5, 6)
        entries = [entry(day, "b", 2, 1002), entry(day, "a", 1, 1001), entry(D(2024, 5, 7), "c")]
        r = number_entries(entries, Anchor(day, 1, 1001))
        assert r.problems == ()
        assert list(r.numbers) == [Numbers(2, 1002), Numbers(1, 1001), Numbers(3, 1003)]

    def test_error_unless_every_one_states_its_total(self) -> None:
        day = D(2024, 5, 6)
        entries = [entry(D(2024, 5, 1), "x"), entry(day, "a", 2, 1002), entry(day, "b"),
                   entry(D(2024, 5, 9), "y")]
        r = number_entries(entries, Anchor(D(2024, 5, 1), 1, 1001))
        assert len(r.problems) == 1
        text = str(r.problems[0])
        assert "同一天（2024-05-06）有 2 期" in text and "a.yaml" in text and "b.yaml" in text
        assert r.concerns[0] == {1, 2}
        # the two are not numbered; the others are, as if the two took two places
        assert r.numbers == (Numbers(1, 1001), None, None, Numbers(4, 1004))
        assert r.problems_of(0) == [] and r.problems_of(2) == list(r.problems)

    def test_two_supplements_on_one_day(self) -> None:
        day = D(2024, 5, 6)
        r = number_entries([entry(day, "a", supplement=True), entry(day, "b", supplement=True)], None)
        assert "同一天（2024-05-06）有 2 增刊" in names(r)[0]
        assert r.numbers == (None, None)


class TestStatedNumbers:
    """Stated numbers (and numeric file names) against the derived ones and among themselves."""

    def stated(self) -> list[Entry]:
        return [entry(d, str(n.total), n.year_number, n.total)
                for d, n in zip(DATES, truth(), strict=True)]

    def test_consistent_series_has_no_problem(self) -> None:
        assert number_entries(self.stated(), ANCHOR).problems == ()

    def test_disagreement_is_reported_once_per_run(self) -> None:
        entries = self.stated()
        # every 2025 issue states a total one too high (as after a gap), file names too
        for k, d in enumerate(DATES):
            if d.year == 2025:
                n = truth()[k]
                entries[k] = entry(d, str((n.total or 0) + 1), n.year_number, (n.total or 0) + 1)
        r = number_entries(entries, ANCHOR)
        runs = [p for p in names(r) if "期号与按日期顺序推算的不符" in p]
        assert len(runs) == 1
        first = next(k for k, d in enumerate(DATES) if d.year == 2025)
        n = truth()[first]
        assert f"{n.total + 1}.yaml" in runs[0]
        assert f"total 写的是总第 {n.total + 1} 期，应为总第 {n.total} 期" in runs[0]
        assert "文件名" in runs[0] and "其后 29 期" in runs[0]
        gaps = [p for p in names(r) if "总期号不连续" in p]
        assert len(gaps) == 1 and f"缺少总第 {n.total} 期" in gaps[0]

    def test_single_wrong_number(self) -> None:
        entries = self.stated()
        k = 20
        n = truth()[k]
        entries[k] = entry(DATES[k], str(n.total), n.year_number + 3, n.total)
        r = number_entries(entries, ANCHOR)
        text = "\n".join(names(r))
        assert f"number 写的是第 {n.year_number + 3} 期，应为第 {n.year_number} 期" in text
        assert "年度期号不连续" in text and "日期先后与年度期号不符" in text
        assert all(c <= {k - 1, k, k + 1} for c in r.concerns)

    def test_duplicate_total(self) -> None:
        entries = self.stated()
        n = truth()[30]
        entries[31] = entry(DATES[31], "x", truth()[31].year_number, n.total)
        r = number_entries(entries, ANCHOR)
        dup = [p for p in names(r) if "出现在 2 个文件中" in p]
        assert len(dup) == 1 and f"总第 {n.total} 期" in dup[0]
        assert f"{n.total}.yaml" in dup[0] and "x.yaml" in dup[0]

    def test_dates_out_of_order_with_totals(self) -> None:
        entries = self.stated()
        # swap the dates of two neighbours: totals no longer follow the dates
        a, b = entries[40], entries[41]
        entries[40] = Entry(b.date, a.supplement, a.stated, a.origin, a.name)
        entries[41] = Entry(a.date, b.supplement, b.stated, b.origin, b.name)
        r = number_entries(entries, ANCHOR)
        order = [p for p in names(r) if "日期先后与总期号不符" in p]
        assert len(order) == 1 and a.file in order[0] and b.file in order[0]

    def test_yearly_number_not_restarting(self) -> None:
        entries = self.stated()
        k = next(k for k, d in enumerate(DATES) if d.year == 2025)
        n = truth()[k]
        entries[k] = entry(DATES[k], str(n.total), 26, n.total)  # continues 2024's count
        r = number_entries(entries, ANCHOR)
        restart = [p for p in names(r) if "没有从 1 重新开始" in p]
        assert len(restart) == 1
        assert f"{n.total}.yaml" in restart[0] and f"{(n.total or 0) - 1}.yaml" in restart[0]

    def test_duplicate_yearly_number(self) -> None:
        entries = self.stated()
        n = truth()[12]
        entries[13] = entry(DATES[13], str(truth()[13].total), n.year_number, truth()[13].total)
        assert any(f"都是第 {n.year_number} 期" in p for p in names(number_entries(entries, ANCHOR)))


class TestAnchor:
    def test_without_anchor_the_earliest_fully_stated_file_serves(self) -> None:
        entries = [entry(D(2024, 1, 3), "a"), entry(D(2024, 1, 10), "b", 7, 300), entry(D(2024, 1, 17), "c")]
        assert list(number_entries(entries, None).numbers) == [
            Numbers(6, 299), Numbers(7, 300), Numbers(8, 301)]

    def test_without_anchor_or_stated_numbers_a_new_series_starts_at_one(self) -> None:
        r = number_entries([entry(D(2024, 1, 3), "a"), entry(D(2024, 1, 10), "b")], None)
        assert r.numbers == (Numbers(1, 1), Numbers(2, 2)) and not r.problems

    def test_more_files_before_the_anchor_than_its_number(self) -> None:
        anchor = Anchor(D(2024, 3, 1), 2, 500)
        entries = [entry(d, f"f{k}") for k, d in enumerate(weekly(D(2024, 1, 2), 10))]
        r = number_entries(entries, anchor)
        assert any("期号小于 1" in p for p in names(r))
        assert None in r.numbers


def test_linear_time() -> None:
    dates = [D(2000, 1, 3) + dt.timedelta(days=3 * k) for k in range(20_000)]
    entries = [entry(d, str(10 + k), None, 10 + k) for k, d in enumerate(dates)]
    anchor = Anchor(dates[0], 1, 10)
    t = time.perf_counter()
    r = number_entries(entries, anchor)
    assert time.perf_counter() - t < 2.0
    assert r.numbers[-1] is not None and r.numbers[-1].total == 20_009


def _issue(date: dt.date, stated: Numbers | None = None, supplement: bool = False) -> Issue:
    colophon = Colophon("主动公开", Recipients(), "综合处", date, 3)
    return Issue(date, (), colophon, supplement, stated, origin=Origin("x.yaml"))


def test_number_issues_is_a_pass_over_the_model() -> None:
    issues = [_issue(D(2024, 3, 26)), _issue(D(2024, 4, 2)), _issue(D(2024, 4, 3), supplement=True)]
    numbered, problems = number_issues(issues, Anchor(D(2024, 3, 26), 40, 645))
    assert problems == []
    assert [i.numbers for i in numbered] == [Numbers(40, 645), Numbers(41, 646), Numbers(1, None)]
    assert [i.number_line() for i in numbered] == ["第 40 期（总第 645 期）", "第 41 期（总第 646 期）",
                                                   "增刊第 1 期"]
    assert issues[0].numbers is None  # frozen: new objects, the input untouched


def test_keep_stated_for_files_outside_the_series() -> None:
    assert keep_stated(_issue(D(2020, 6, 23), Numbers(901, 9001))).numbers == Numbers(901, 9001)
    assert keep_stated(_issue(D(2020, 6, 23), Numbers(2, None), True)).numbers == Numbers(2, None)
    for stated in (None, Numbers(0, 9001), Numbers(901, None)):
        with pytest.raises(TypesetError, match="不在系列文件夹"):
            keep_stated(_issue(D(2020, 6, 23), stated))
