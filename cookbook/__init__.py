"""The cookbook's tools, apart from the recipes a user copies: one command line, `python -m cookbook`.

- `run`: every notebook headless, a table of results; `gallery`: the executed notebooks as a site;
- `golden`: refresh the stored outputs; `readme`: the README's generated parts;
- `lint`: the checker (old calls in a user's code, safe fixes); `bisect`: which change breaks a program;
- `fidelity`: real Clarifai clients, unmodified, against the emulator;
- `catalog`: `data/changes.csv`, the one list of changes; `notebook` and `pictures`: what notebooks
  call to report their steps and draw their figures.

The command-line modules are in `cookbook.cli`, one per command; the tools' logic is beside them.
"""
