"""The shipped models: their weights and model cards (package data) and, per family, one module that trains,
exports and loads them (:mod:`.genre`, :mod:`.frames`, :mod:`.roles`, :mod:`.holder`, :mod:`.loaded_language`,
:mod:`.sarcasm`, :mod:`.stance`, :mod:`.target_sentiment`), behind one interface (:mod:`.api`: ``labels``,
``predict_proba``, ``decide``). Shared training of the logistic regressions is :mod:`.linear`; the two decision
rules are :mod:`.decision`. A family module takes features and knows no instrument: the instruments compute the
features and call its ``load()``.
"""
