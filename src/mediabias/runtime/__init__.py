"""Shared model machinery that knows no instrument: the spaCy pipeline (:mod:`.nlp`), the MiniLM sentence encoder
(:mod:`.encoder`), the ONNX Runtime sessions (:mod:`.onnxrt`) and the plain-text helpers every model input goes
through (:mod:`.text`: the regex sentence splitter and the input check). The shipped models themselves, their one
interface and their training live in :mod:`mediabias.models`.
"""
