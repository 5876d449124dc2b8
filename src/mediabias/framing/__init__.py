"""Notebook 03: news frames per paragraph (:mod:`.frames`) and hero / villain / victim roles (:mod:`.roles`)."""

from mediabias.framing.frames import (FRAMES, ROLES, cue_matches, cue_rates, frame_features, frames, load_codebook,
                                      paragraph_frames)
from mediabias.framing.roles import ROLE_COLUMNS, actor_roles, actor_sentences, role_features, roles

__all__ = [
    "FRAMES", "ROLES", "ROLE_COLUMNS", "actor_roles", "actor_sentences", "cue_matches", "cue_rates", "frame_features",
    "frames", "load_codebook", "paragraph_frames", "role_features", "roles",
]
