"""From a saved article (plain text or HTML) to a fixture that a person reviews: `crisis draft`.

Importing the package is light (the loader imports `notes`); the extraction and parsing
libraries are imported by the modules that use them.
"""
