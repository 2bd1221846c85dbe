"""The command line, one module per command: `python -m cookbook COMMAND`.

`COMMANDS` lists them with a one-line summary, so that `--help` loads no tool. A command
module's docstring is its own `--help` text; it has `arguments(parser)`, which adds its
options, and `execute(args) -> int`, which does the work through the tool's own module and
returns the exit status.
"""

COMMANDS = {  # name -> summary, as `python -m cookbook --help` lists them
    "run": "run every notebook headless and print a table of results (--html: the gallery too)",
    "lint": "find calls to the Clarifai API that a dated change broke; --fix applies the safe fixes",
    "bisect": "find which API change breaks a program, by running it as of each change's date",
    "golden": "refresh the notebooks' stored outputs, the record nbval checks",
    "fidelity": "run real Clarifai clients, unmodified, against the emulator; print passes per client",
    "readme": "regenerate the README's generated parts and emulator/provenance.md",
}
