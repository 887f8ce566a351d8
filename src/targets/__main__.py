"""`python -m targets` runs the command-line interface."""

from .cli import main

main()
