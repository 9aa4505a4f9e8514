"""Rendering: the merged model to pages, thread.json, feeds and search records; no file is written here."""
