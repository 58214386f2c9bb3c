"""Widgets of the storybank app."""
