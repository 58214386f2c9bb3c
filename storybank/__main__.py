"""Run storybank with `python -m storybank`."""

from storybank.cli.entry import run

if __name__ == "__main__":
    run()
