"""A bounded per-process store of values computed once per distinct key (parsed articles, sentence vectors)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable


class Memo:
    """Values of distinct keys, each computed once, at most ``limit`` kept.

    ``fill(keys, compute)`` computes the keys not yet kept, in one call (so a network or parser batches them);
    when they would take the store past ``limit``, the store is emptied first and the whole list is computed
    again, so a list is never split between two calls of ``compute``. ``compute(keys)`` returns one value per
    key, in order. The engine empties the stores before each chunk (:meth:`clear`), so a chunk's values depend
    on the chunk alone.
    """

    def __init__(self, limit: int):
        if limit < 1:
            raise ValueError(f"a Memo must keep at least one value (limit={limit})")
        self.limit = limit
        self.values: dict = {}
        self.computed = 0

    def missing(self, keys: Iterable[Hashable]) -> list:
        """The distinct keys not kept yet, in first-seen order."""
        return [k for k in dict.fromkeys(keys) if k not in self.values]

    def fill(self, keys: list, compute: Callable[[list], Iterable]) -> None:
        new = self.missing(keys)
        if not new:
            return
        if len(self.values) + len(new) > self.limit:
            self.values.clear()
            new = list(dict.fromkeys(keys))
        self.values.update(zip(new, compute(new), strict=True))
        self.computed += len(new)

    def __getitem__(self, key):
        return self.values[key]

    def __len__(self) -> int:
        return len(self.values)

    def clear(self) -> None:
        self.values.clear()
