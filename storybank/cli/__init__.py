"""The command line: shared plumbing, commands by topic, plain-text renderers."""
