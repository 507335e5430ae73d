"""``python -m dinhmuc`` runs the command line."""

from .cli.main import main

main()
