"""Article extraction: mentions, statutes, reported actions and statements, offline and deterministic."""
