"""Screens and dialogs of the storybank app."""
