"""`python -m sanctiongraph` runs the CLI."""

from sanctiongraph.cli.main import run

run()
