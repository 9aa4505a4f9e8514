"""threadnote: static, annotated archives of comment threads (read, detect, merge, render, write)."""
