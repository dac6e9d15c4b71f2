"""A problem's JSON form (what a build handed over to `typeset serve` answers with) reads back
as the same problem."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from typeset.errors import Problem
from typeset.model import Origin

ORIGINS = st.none() | st.builds(Origin, st.text(min_size=1), st.integers(0, 10**6), st.integers(0, 10**4))


@given(st.builds(Problem, st.text(), ORIGINS, st.text(), st.booleans()))
def test_a_problem_reads_back_from_its_json(problem: Problem) -> None:
    sent = json.dumps(problem.as_json(), ensure_ascii=False)
    back = Problem.from_json(json.loads(sent))
    assert back == problem
    assert str(back) == str(problem)


def test_the_json_form_names_each_part() -> None:
    problem = Problem("缺少必填项", Origin("issues/2024/645.yaml", 3, 5), "sections[1].name", warning=True)
    assert problem.as_json() == {"message": "缺少必填项", "field": "sections[1].name", "warning": True,
                                 "origin": ["issues/2024/645.yaml", 3, 5]}
    assert Problem("x").as_json()["origin"] is None
