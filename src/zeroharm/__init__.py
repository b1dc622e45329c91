"""ZeroHarm: work-safety management for an industrial group."""
