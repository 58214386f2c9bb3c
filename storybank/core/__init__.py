"""The model and the rules every other room builds on: no I/O, no front end."""
