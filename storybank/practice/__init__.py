"""Practice out loud: decks of questions, a timer with a split per STAR part, spaced repetition."""
