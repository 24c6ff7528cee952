#!/usr/bin/env python3
"""Build the heavyai_lite wheel with the standard library only (no pip/PyPI).

    python3 py/build_wheel.py --out DIR [--version V] [--piplite-index DIR]

* writes ``DIR/heavyai_lite-<version>-py3-none-any.whl``, reproducibly: fixed
  timestamps and permissions, sorted entries, so two builds are byte-identical;
* the version defaults to ``"version"`` in the repository's package.json
  (npm pre-release forms such as ``1.2.0-alpha.3`` become ``1.2.0a3``);
* ``--piplite-index DIR`` copies the wheel into DIR (if it is elsewhere) and
  writes or extends ``DIR/all.json``, the Warehouse-like index read by
  ``piplite`` in ``@jupyterlite/pyodide-kernel`` 0.8, so that
  ``%pip install heavyai-lite`` resolves the wheel from the site.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wheel_writer import (core_metadata, package_json_version, pep440, version_file,  # noqa: E402
                          wheel_metadata_file, write_wheel)

HERE = Path(__file__).resolve().parent
PACKAGE_DIR = HERE / "heavyai_lite"
DIST_NAME = "heavyai-lite"  # project name (METADATA Name, piplite index key)
MODULE = "heavyai_lite"     # import name, wheel file name prefix
INDEX_TIME = "1980-01-01T00:00:00.000000Z"
SUMMARY = "Pure-Python HeavyDB client (Thrift JSON over HTTP) for JupyterLite/Pyodide"


def metadata(version):
    """METADATA with the fields and order hatchling writes for py/pyproject.toml
    (test_pyproject.py compares the two)."""
    readme = HERE / "README.md"
    return core_metadata([
        ("Name", DIST_NAME),
        ("Version", version),
        ("Summary", SUMMARY),
        ("License-Expression", "BSD-3-Clause"),
        ("Classifier", "Programming Language :: Python :: 3"),
        ("Requires-Python", ">=3.8"),
        # In Pyodide select_df (the notebook's default cell) needs pandas, which Pyodide's own
        # distribution provides: piplite installs it with the client. CPython keeps it optional.
        # One line, as ui-tests/tests/pyodide-client.spec.ts reads it back in Pyodide; hatchling
        # writes the same requirement as two (test_pyproject.py checks they apply alike).
        ("Provides-Extra", "pandas"),
        ("Requires-Dist", 'pandas; sys_platform == "emscripten" or extra == "pandas"'),
        ("Description-Content-Type", "text/markdown"),
    ], readme.read_text(encoding="utf-8"))


def wheel_files(version):
    """``[(archive name, bytes)]`` of the wheel, dist-info last, RECORD excluded."""
    files = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        arcname = path.relative_to(HERE).as_posix()
        data = path.read_bytes()
        if arcname == MODULE + "/_version.py":
            data = version_file(version)
        files.append((arcname, data))
    files.sort()
    info = "%s-%s.dist-info/" % (MODULE, version)
    wheel_meta = wheel_metadata_file("heavyai-lite build_wheel.py")
    files += [
        (info + "METADATA", metadata(version)),
        (info + "WHEEL", wheel_meta),
    ]
    return files, info + "RECORD"


def build(out_dir, version):
    """Write the wheel into ``out_dir``; return its path."""
    files, _ = wheel_files(version)
    return write_wheel(out_dir, MODULE, version, files)


def index_entry(wheel, version):
    data = wheel.read_bytes()
    md5 = hashlib.md5(data).hexdigest()
    return {
        "comment_text": "",
        "digests": {"md5": md5, "sha256": hashlib.sha256(data).hexdigest()},
        "downloads": -1,
        "filename": wheel.name,
        "has_sig": False,
        "md5_digest": md5,
        "packagetype": "bdist_wheel",
        "python_version": "py3",
        "requires_python": ">=3.8",
        "size": len(data),
        "upload_time": INDEX_TIME,
        "upload_time_iso_8601": INDEX_TIME,
        "url": "./" + wheel.name,
        "yanked": False,
        "yanked_reason": None,
    }


def write_piplite_index(index_dir, wheel, version):
    """Copy ``wheel`` next to ``index_dir/all.json`` and add it to the index."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    placed = index_dir / wheel.name
    if placed.resolve() != wheel.resolve():
        shutil.copyfile(wheel, placed)
    all_json = index_dir / "all.json"
    index = {}
    if all_json.exists():
        with open(all_json, encoding="utf-8") as f:
            index = json.load(f)
    entry = index_entry(placed, version)
    # piplite looks projects up by the name as typed: register the canonical
    # name and the import-style alias (``%pip install heavyai_lite``)
    for key in (DIST_NAME, MODULE):
        project = index.setdefault(key, {})
        releases = project.setdefault("releases", {})
        releases[version] = [entry]
        project["releases"] = dict(sorted(releases.items()))
    text = json.dumps(dict(sorted(index.items())), indent=2, sort_keys=True) + "\n"
    all_json.write_text(text, encoding="utf-8")
    return all_json


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write the wheel to")
    parser.add_argument("--version", help="version (default: package.json's, PEP 440-ized)")
    parser.add_argument("--piplite-index", metavar="DIR",
                        help="also write/extend DIR/all.json (and copy the wheel to DIR)")
    args = parser.parse_args(argv)
    version = pep440(args.version) if args.version else package_json_version()
    wheel = build(args.out, version)
    sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    print("%s sha256=%s size=%d" % (wheel, sha, os.path.getsize(wheel)))
    if args.piplite_index:
        print("piplite index: %s" % write_piplite_index(args.piplite_index, wheel, version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
