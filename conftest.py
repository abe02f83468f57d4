"""Repository-wide pytest setup: the notebooks run under nbval must not write into a real
workshop's answer store, so every kernel started by the tests gets a throw-away data dir."""

import os
import tempfile

_TEST_DATA_DIR = tempfile.mkdtemp(prefix="waspada-test-data-")
os.environ.setdefault("WASPADA_DATA_DIR", _TEST_DATA_DIR)
