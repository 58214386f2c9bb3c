"""storybank: a private, offline bank of STAR interview stories."""

__version__ = "0.1.0"
