"""Detection: comment boundaries, quotes, mentions and stable ids, from a thread's paragraphs."""
