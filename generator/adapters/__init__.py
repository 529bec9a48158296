"""Adapters over the pipeline: MkDocs plugin, command line, scaffold, diff, Zensical export, preview."""
