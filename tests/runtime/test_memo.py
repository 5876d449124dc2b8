"""The bounded store behind the shared parse and the sentence vectors (mediabias.runtime.memo)."""

import pytest

from mediabias.runtime.memo import Memo


def recorder():
    calls = []

    def compute(keys):
        calls.append(list(keys))
        return [k.upper() for k in keys]

    return calls, compute


def test_each_distinct_key_is_computed_once_in_one_call():
    memo, (calls, compute) = Memo(10), recorder()
    memo.fill(["a", "b", "a"], compute)
    memo.fill(["b", "c"], compute)
    assert calls == [["a", "b"], ["c"]]
    assert [memo[k] for k in "abc"] == ["A", "B", "C"] and memo.computed == 3 and len(memo) == 3


def test_a_list_that_would_overflow_empties_the_store_and_is_computed_whole():
    memo, (calls, compute) = Memo(3), recorder()
    memo.fill(["a", "b"], compute)
    memo.fill(["b", "c", "d"], compute)  # 2 kept + 2 new > 3: start again with the whole list
    assert calls == [["a", "b"], ["b", "c", "d"]]
    assert sorted(memo.values) == ["b", "c", "d"]


def test_a_compute_that_returns_the_wrong_number_of_values_is_an_error():
    memo = Memo(5)
    with pytest.raises(ValueError):
        memo.fill(["a", "b"], lambda keys: ["A"])


def test_clear_and_a_limit_below_one():
    memo, (_, compute) = Memo(2), recorder()
    memo.fill(["a"], compute)
    memo.clear()
    assert len(memo) == 0 and memo.missing(["a"]) == ["a"]
    with pytest.raises(ValueError, match="at least one"):
        Memo(0)
