"""Benchmarks of kavkaz against baselines measured in the same run (see docs/benchmarks.md)."""
