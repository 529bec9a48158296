"""Factsheets: curated, sourced facts from YAML to a website (load, validate, link, render, publish)."""
