"""Moving stories in and out: import from other tools, export to files."""
