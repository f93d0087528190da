"""The guide's scripts as modules: the parts with no DOM (the link codec, a dose
in words, the timer's steps) are tested directly in Node, by tests/js/*.test.js,
with the rules the build writes for them (tests/js/rules.js)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .helpers import ROOT


def test_the_scripts_pass_their_node_tests():
    node = shutil.which("node")
    assert node, "Node.js is needed for tests/js/: run `make system-deps` (apt-get install nodejs)"
    result = subprocess.run(
        [node, "--test", "--test-reporter=dot", "tests/js/"],
        cwd=ROOT,
        env=dict(os.environ, LBEG_PYTHON=sys.executable),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
