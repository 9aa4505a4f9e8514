"""Editors' notes: their YAML files read, placed on words, and merged with what detection found."""
