"""The offline quality check: what a story needs to be told well, with a score and its reasons."""
