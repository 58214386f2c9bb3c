"""Run storybank with `python -m storybank`."""

from storybank.cli import run

if __name__ == "__main__":
    run()
