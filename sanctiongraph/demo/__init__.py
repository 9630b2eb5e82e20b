"""Demo data written by the sanctiongraph team."""
