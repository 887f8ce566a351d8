"""`python -m tests.hostile [-k PATTERN]`: run the hostile cases."""

import sys

from tests.hostile.run import main

raise SystemExit(main(sys.argv[1:]))
