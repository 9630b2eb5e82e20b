"""The typer command-line interface: thin twins of library functions."""
