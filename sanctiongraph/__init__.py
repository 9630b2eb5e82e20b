"""sanctiongraph: a knowledge graph of companies, governments and sanctions actions."""

__version__ = "0.1.0"
