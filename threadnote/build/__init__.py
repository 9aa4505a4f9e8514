"""The build: a map over threads and a reduce over the site, with the caches, processes and writes around the stages."""
