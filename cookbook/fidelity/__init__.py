"""Fidelity harness: real, unmodified Clarifai clients run against the emulator.

Three clients, each in its own virtualenv under ``build/venvs/``: clarifai-grpc's own test
suite (``grpc``), today's ``clarifai`` SDK (``sdk``) and the legacy 2.x REST client
(``legacy``). ``python -m cookbook fidelity`` builds what is missing, runs them all and
prints the table of passes.
"""
