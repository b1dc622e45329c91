"""The training area's menu entries, tasks and scans (core.registry), each under its area's heading."""
