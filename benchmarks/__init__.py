"""Benchmarks: scripts that print numbers (`python -m benchmarks.<name>`). Never part of the test run."""
