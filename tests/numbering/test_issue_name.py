"""An issue's name (645 / 2024-40 / 2024-增刊-1): read and written in one place, each way back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.issue_name import IssueName, file_stem, issue_name, number_of_stem, parse
from typeset.model import Numbers


@pytest.mark.parametrize(("text", "name"), [
    ("645", IssueName(645)),
    ("2024-40", IssueName(40, 2024)),
    ("2024-增刊-1", IssueName(1, 2024, True)),
    ("2024-增刊1", IssueName(1, 2024, True)),
])
def test_names_are_read(text: str, name: IssueName) -> None:
    assert parse(text) == name


@pytest.mark.parametrize("text", ["", "增刊-1", "24-40", "2024-", "2024-增刊-", "645.yaml", "issues/645", "2024-40-1"])
def test_other_text_is_no_name(text: str) -> None:
    assert parse(text) is None


@given(st.integers(1, 99999), st.integers(1000, 9999), st.booleans())
def test_a_written_name_reads_back_as_the_same_issue(number: int, year: int, supplement: bool) -> None:
    numbers = Numbers(number, None if supplement else number + 600)
    name = issue_name(numbers, year, supplement)
    read = parse(name)
    assert read is not None and read.names(numbers, year, supplement)
    assert not read.names(numbers, year, not supplement)
    assert number_of_stem(file_stem(number, supplement), supplement) == number
    assert number_of_stem(file_stem(number, supplement), not supplement) is None


def test_a_name_is_empty_when_the_numbers_are_unknown() -> None:
    assert issue_name(None, 2024, False) == ""
    assert issue_name(Numbers(3, None), 2024, False) == ""
    assert issue_name(Numbers(3, 640), 2024, False) == "640"


def test_a_total_never_names_a_supplement_and_a_year_needs_its_year() -> None:
    assert not IssueName(2).names(Numbers(2, None), 2024, True)
    assert not IssueName(40, 2024).names(Numbers(40, 645), 2023, False)
    assert IssueName(40, 2024).describe() == "2024 年第 40 期"
    assert IssueName(1, 2024, True).describe() == "2024 年增刊第 1 期"
    assert IssueName(645).describe() == "总第 645 期"
