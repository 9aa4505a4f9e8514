"""Entry point: `python build.py [build|check|note|serve] ...` (see README.md)."""

from threadnote.cli.main import exit_now, main

exit_now(main())
