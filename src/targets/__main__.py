"""`python -m targets` runs the command-line interface."""

from targets.cli import main

main()
