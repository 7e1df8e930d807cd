"""The MkDocs adapter: `mkdocs build` and `mkdocs serve` run the render stage through it.

Registered as the `little-berts` MkDocs plugin (pyproject.toml, entry point group
`mkdocs.plugins`) and enabled in mkdocs.yml. It is the only part of the package that imports
MkDocs; `python -m generator build` renders the same pages without it.
"""
