"""Run the ``stance`` command as ``python -m stance``, exactly like the console script.

Useful where the ``stance`` script is not on ``PATH`` (a virtualenv that is not activated,
``pipx``-less servers, cluster jobs), or to pick the interpreter explicitly.
"""

import sys

from stance.cli import main

if __name__ == "__main__":
    sys.exit(main())
