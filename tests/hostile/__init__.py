"""An adversarial run: hostile inputs through the real command line, one subprocess each.

Every case builds its files in a fresh folder and runs `python -m targets ...` with a 20 s
timeout. Whatever the case, the run must end with exit 0, 1 or 2, no traceback, no internal
error, no raw control or bidi sequence on stdout, stderr or in a written file, and every input
byte for byte as it was. Cases may also demand an exit code and a message.

    python -m tests.hostile            # all cases, a line per failure, a summary
    python -m tests.hostile -k cache   # the cases whose name contains 'cache'
"""
