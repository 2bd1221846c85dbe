"""The project's own tools (fidelity harness, ...)."""
