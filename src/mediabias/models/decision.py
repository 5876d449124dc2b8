"""The two ways a shipped model turns probabilities into answers (:mod:`mediabias.models.api`).

Kept apart from the interface so the target-sentiment network and the linear models share them while a change to
the linear models' loading does not touch the network's readers (the pipeline's cache keys follow imports).
"""

from __future__ import annotations

import pandas as pd


def argmax(probabilities: pd.DataFrame, labels=None) -> pd.Series:
    """The label of highest probability in each row (the first of tied ones), as a Series on the same index.

    >>> argmax(pd.DataFrame({"a": [0.2, 0.6], "b": [0.8, 0.4]})).tolist()
    ['b', 'a']
    """
    labels = list(probabilities.columns if labels is None else labels)
    p = probabilities[labels].to_numpy(dtype=float)
    picked = [labels[i] for i in p.argmax(axis=1)] if len(p) else []
    return pd.Series(picked, index=probabilities.index, dtype=object)


def at_cutoffs(probabilities: pd.DataFrame, cutoffs: dict[str, float]) -> pd.DataFrame:
    """For each label of ``cutoffs``, whether its probability reaches the label's cut-off (NaN: ``False``).

    >>> at_cutoffs(pd.DataFrame({"a": [0.2, 0.6]}), {"a": 0.5})["a"].tolist()
    [False, True]
    """
    return pd.DataFrame({label: probabilities[label].to_numpy(dtype=float) >= cut for label, cut in cutoffs.items()},
                        index=probabilities.index)
