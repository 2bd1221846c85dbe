"""One module per exercise, named after its change (`cl012.py`), each declaring `EXERCISE`."""
