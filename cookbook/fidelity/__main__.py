import sys

from cookbook.fidelity.cli import main

sys.exit(main(sys.argv[1:]))
