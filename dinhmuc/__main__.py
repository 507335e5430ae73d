"""``python -m dinhmuc`` runs the command line."""

from .cli import main

main()
