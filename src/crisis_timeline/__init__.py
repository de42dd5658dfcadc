"""Crisis Timeline: an event-sourced record of a developing crisis."""

__version__ = "0.1.0"
