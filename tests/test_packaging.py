"""A built wheel carries every file the package reads at run time (the Voila template, the
styles, the vendored reveal.js), not only the Python modules."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from widgets.paths import KIT_ROOT


def test_the_wheel_holds_every_package_file(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q",
                             "-w", str(tmp_path)], cwd=KIT_ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("waspada-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    package = KIT_ROOT / "widgets"
    needed = {path.relative_to(KIT_ROOT).as_posix() for path in package.rglob("*")
              if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}
    assert needed - names == set()
    for must in ("widgets/serve/share/voila/templates/waspada/index.html.j2",
                 "widgets/documents/print.css", "widgets/reveal/reveal.js",
                 "widgets/reveal/plugin/notes.js", "widgets/reveal/LICENSE", "widgets/slides.css"):
        assert must in names
    assert not any(name.startswith(("datasets/", "notebooks/", "tests/")) for name in names)
