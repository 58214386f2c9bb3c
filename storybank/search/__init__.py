"""Finding stories: the query language, the word index and ranking."""
