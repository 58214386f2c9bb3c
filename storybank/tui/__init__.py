"""The Textual front end of storybank (the only package that imports Textual)."""
