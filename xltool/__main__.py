"""``python -m xltool`` runs the command line."""

from .cli import run

run()
