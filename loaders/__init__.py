"""Loaders: the register, curated YAML facts, and article text."""
