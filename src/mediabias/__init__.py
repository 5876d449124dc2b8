"""mediabias: compare how outlets frame a story, whom they quote, and how they portray its actors."""

__version__ = "0.1.0"
