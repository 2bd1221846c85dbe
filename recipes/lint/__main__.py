"""`python -m recipes.lint`: see `recipes.lint.cli`."""

from .cli import main

raise SystemExit(main())
