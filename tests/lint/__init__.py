"""Tests of the checker (`recipes.lint`): one file per rule, the command line, the corpus."""
