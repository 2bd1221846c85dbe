"""Tests of the checker (`cookbook.lint`): one file per rule, the command line, the corpus."""
