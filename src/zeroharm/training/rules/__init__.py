"""The training rules of docs/standards/training.md as pure functions: dates, hours, cleared to work.

Nothing here reads the database: selectors gather a person's facts, these functions judge them, so every
vector of the standard is a plain unit test (tests/training/test_rules_*.py)."""
