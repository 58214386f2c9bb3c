"""Benchmarks: synthetic banks and a runner that measures storybank against its floors."""
