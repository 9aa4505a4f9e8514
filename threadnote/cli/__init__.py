"""The command line: build, check, note and serve; the only place that prints."""
