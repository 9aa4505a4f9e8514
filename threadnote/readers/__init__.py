"""Readers: each turns one source format (bytes or text, and its path) into a thread and diagnostics."""
