"""One module per product module; each calls `benchmarks.harness.register(Suite(...))` at import.

Every module in this package is imported by `benchmarks.harness.suites()`, so adding a file here is
all it takes to add measurements. See `org.py` for the shape and benchmarks/README.md for the rules.
"""
