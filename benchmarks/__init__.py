"""Page-latency benchmarks of ZeroHarm on a scaled organisation (see benchmarks/README.md)."""
