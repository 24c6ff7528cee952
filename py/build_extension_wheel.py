#!/usr/bin/env python3
"""Pack the prebuilt JupyterLite extension into a wheel (no pip, no PyPI).

    python3 py/build_extension_wheel.py --out DIR [--labextension DIR]

writes ``DIR/jupyterlite_heavyai-<version>-py3-none-any.whl``: the
``labextension/`` folder (built by ``npm run build:labextension``, including
``service-worker.js``) as data files under
``share/jupyter/labextensions/jupyterlite-heavyai/``, where JupyterLab and
``jupyter lite build`` look for prebuilt extensions, and the small
``py/jupyterlite_heavyai`` module that says where they are. The root
pyproject.toml builds the same wheel with hatchling.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wheel_writer import (REPO, core_metadata, package_json_version, version_file,  # noqa: E402
                          wheel_metadata_file, write_wheel)

MODULE = "jupyterlite_heavyai"
DIST_NAME = "jupyterlite-heavyai"
EXTENSION_NAME = "jupyterlite-heavyai"
SHARE = "share/jupyter/labextensions/" + EXTENSION_NAME

PACKAGE_DIR = REPO / "py" / MODULE


def metadata(version):
    """METADATA with the fields and order hatchling writes for the root pyproject.toml
    (test_pyproject.py compares the two)."""
    return core_metadata([
        ("Name", DIST_NAME),
        ("Version", version),
        ("Summary", "HeavyAI sessions, SQL editor and notebooks for JupyterLite (prebuilt extension)"),
        ("License-Expression", "BSD-3-Clause"),
        ("Classifier", "Framework :: Jupyter :: JupyterLab :: Extensions :: Prebuilt"),
        ("Requires-Python", ">=3.8"),
        ("Description-Content-Type", "text/markdown"),
    ], (REPO / "README.md").read_text(encoding="utf-8"))


def package_files(version):
    """The ``jupyterlite_heavyai`` module, its ``_version.py`` set to ``version``."""
    files = []
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        data = version_file(version) if path.name == "_version.py" else path.read_bytes()
        files.append((MODULE + "/" + path.name, data))
    return files


def wheel_files(labextension, version):
    data_prefix = "%s-%s.data/data/%s/" % (MODULE, version, SHARE)
    files = []
    for path in sorted(p for p in labextension.rglob("*") if p.is_file()):
        relative = path.relative_to(labextension).as_posix()
        if relative == "build_log.json":
            continue  # machine-specific paths, not needed to load the extension
        files.append((data_prefix + relative, path.read_bytes()))
    files = package_files(version) + files
    info = "%s-%s.dist-info/" % (MODULE, version)
    files += [
        (info + "METADATA", metadata(version)),
        (info + "WHEEL", wheel_metadata_file("jupyterlite-heavyai build_extension_wheel.py")),
    ]
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write the wheel to")
    parser.add_argument("--labextension", default=str(REPO / "labextension"),
                        help="the built prebuilt extension (default: labextension/)")
    args = parser.parse_args(argv)
    labextension = Path(args.labextension)
    if not (labextension / "package.json").exists() or not (labextension / "service-worker.js").exists():
        raise SystemExit("%s is not a built extension: run `npm run build:labextension` first" % labextension)
    version = package_json_version()
    wheel = write_wheel(args.out, MODULE, version, wheel_files(labextension, version))
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
