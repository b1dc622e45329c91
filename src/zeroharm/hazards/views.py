"""Pages of hidden dangers: list, report, detail with the steps of the closed loop."""
