"""Shared model machinery that knows no instrument: the spaCy pipeline (:mod:`.nlp`), the MiniLM sentence encoder
(:mod:`.encoder`), the one interface of the shipped models (:mod:`.shipped`) and the plain-text helpers every
model input goes through (:mod:`.text`: the regex sentence splitter and the input check).
"""
