"""The `crisis` command line: thin click commands over the library."""
