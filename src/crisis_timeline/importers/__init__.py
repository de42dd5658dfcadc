"""Importing the datasets analysts already work with: ACLED exports (`acled`) and PLOVER
records (`plover`), each file all or nothing, in bounded memory."""
