"""Entry point: `python build.py [build|check|note|serve] ...` (see README.md)."""

from threadnote.cli import main

raise SystemExit(main())
