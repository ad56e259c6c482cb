"""Fidelity tests of the lab's Kubernetes API stand-in.

Runs both as `python3 -m unittest discover -s lab/tests` and, from
scripts/test, with `-t .`; in the second form the test modules are imported
as lab.tests.*, so their helpers must be importable by plain name too."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
for _path in (_here, os.path.dirname(_here)):
    if _path not in sys.path:
        sys.path.insert(0, _path)
