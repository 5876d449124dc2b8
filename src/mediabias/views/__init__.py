"""Tables -> figures and HTML; never runs an instrument.

:mod:`.stats` (bootstrap and Wilson intervals), :mod:`.plots` (house style, ``save_figure``), :mod:`.highlight`
(the one highlighter: escaped article text with marked spans), :mod:`.evaluations` (the one reader of
``evaluation/*.json``), and one module of helpers per notebook: :mod:`.overview` (00), :mod:`.sources` (01),
:mod:`.sentiment` (02), :mod:`.framing` (03, 04), :mod:`.compare` (05); :mod:`.layout` makes their figures adapt to
any corpus (wrapped names, at most 12 categories an axis, panels in rows) so that :mod:`.figure_style`'s rules hold.
"""
