"""Real-browser tests (marker `browser`): a package, so its conftest does not shadow tests/conftest.py."""
