#!/usr/bin/env python3
"""Pack the prebuilt JupyterLite extension into a wheel (no pip, no PyPI).

    python3 py/build_extension_wheel.py --out DIR [--labextension DIR]

writes ``DIR/jupyterlite_heavyai-<version>-py3-none-any.whl``: the
``labextension/`` folder (built by ``npm run build:labextension``, including
``service-worker.js``) as data files under
``share/jupyter/labextensions/jupyterlite-heavyai/``, where JupyterLab and
``jupyter lite build`` look for prebuilt extensions, and a small
``jupyterlite_heavyai`` module that says where they are.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wheel_writer import REPO, package_json_version, wheel_metadata_file, write_wheel  # noqa: E402

MODULE = "jupyterlite_heavyai"
DIST_NAME = "jupyterlite-heavyai"
EXTENSION_NAME = "jupyterlite-heavyai"
SHARE = "share/jupyter/labextensions/" + EXTENSION_NAME

MODULE_SOURCE = '''"""The jupyterlite-heavyai prebuilt extension for JupyterLite (files only).

``pip install`` places the extension in ``<prefix>/%(share)s``, where
``jupyter lite build`` and JupyterLab find prebuilt extensions. The site's
service worker with the HeavyAI session endpoint is ``service-worker.js`` in
that folder: copy it over the built site's own ``service-worker.js``.
"""

import sys
from pathlib import Path

__version__ = "%(version)s"


def labextension_dir():
    """The installed extension folder."""
    return Path(sys.prefix) / "%(share)s"


def service_worker_path():
    """The service worker to place at the root of a JupyterLite site."""
    return labextension_dir() / "service-worker.js"


def _jupyter_labextension_paths():
    return [{"src": str(labextension_dir()), "dest": "%(name)s"}]
'''


def metadata(version):
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + DIST_NAME,
        "Version: " + version,
        "Summary: HeavyAI sessions, SQL editor and notebooks for JupyterLite (prebuilt extension)",
        "License: BSD-3-Clause",
        "Requires-Python: >=3.8",
        "Classifier: Framework :: Jupyter :: JupyterLab :: Extensions :: Prebuilt",
        "Classifier: License :: OSI Approved :: BSD License",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def wheel_files(labextension, version):
    data_prefix = "%s-%s.data/data/%s/" % (MODULE, version, SHARE)
    files = []
    for path in sorted(p for p in labextension.rglob("*") if p.is_file()):
        relative = path.relative_to(labextension).as_posix()
        if relative == "build_log.json":
            continue  # machine-specific paths, not needed to load the extension
        files.append((data_prefix + relative, path.read_bytes()))
    source = MODULE_SOURCE % {"share": SHARE, "version": version, "name": EXTENSION_NAME}
    files.insert(0, (MODULE + "/__init__.py", source.encode("utf-8")))
    info = "%s-%s.dist-info/" % (MODULE, version)
    files += [
        (info + "METADATA", metadata(version)),
        (info + "WHEEL", wheel_metadata_file("jupyterlite-heavyai build_extension_wheel.py")),
        (info + "top_level.txt", (MODULE + "\n").encode("ascii")),
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
