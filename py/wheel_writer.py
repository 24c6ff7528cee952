"""Write a pure-Python wheel with the standard library only (no pip, no PyPI).

Shared by ``build_wheel.py`` (the heavyai_lite client) and
``build_extension_wheel.py`` (the prebuilt JupyterLite extension). Wheels come
out reproducible: fixed timestamps and permissions, entries in the given order,
so two builds of the same files are byte-identical.
"""

import base64
import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# ``<module>/_version.py`` in both wheels. The pyproject.toml files give hatchling's version
# hook the same template; py/tests/test_pyproject.py compares the files the two builds write.
VERSION_FILE = '"""Package version: package.json\'s, written by the wheel builders."""\n\n__version__ = "{version}"\n'


def pep440(version):
    """Convert an npm semver string to a PEP 440 version."""
    m = re.fullmatch(r"(\d+(?:\.\d+)*)(?:-(alpha|beta|rc|a|b)\.?(\d+))?", version.strip())
    if not m:
        raise SystemExit("cannot convert version %r to PEP 440" % version)
    base, pre, num = m.groups()
    if not pre:
        return base
    return base + {"alpha": "a", "beta": "b", "a": "a", "b": "b", "rc": "rc"}[pre] + num


def package_json_version():
    """The npm package's version, so the wheels stay in step with it."""
    with open(REPO / "package.json", encoding="utf-8") as f:
        return pep440(json.load(f)["version"])


def version_file(version):
    """The text of ``_version.py`` for ``version``."""
    return VERSION_FILE.format(version=version).encode("utf-8")


def core_metadata(fields, description=""):
    """METADATA: ``fields`` (``[(name, value)]``, in hatchling's order) under Metadata-Version
    2.4 (the first to define License-Expression), then the long description, if any."""
    lines = ["Metadata-Version: 2.4"] + ["%s: %s" % field for field in fields]
    text = "\n".join(lines) + "\n"
    if description:
        text += "\n" + description
    return text.encode("utf-8")


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def wheel_metadata_file(generator):
    return ("Wheel-Version: 1.0\nGenerator: %s\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
            % generator).encode("ascii")


def write_wheel(out_dir, module, version, files):
    """Write ``files`` (``[(archive name, bytes)]``, dist-info included, RECORD
    excluded) as ``out_dir/<module>-<version>-py3-none-any.whl`` with a RECORD
    of sha256 hashes and sizes; return the wheel's path."""
    record_name = "%s-%s.dist-info/RECORD" % (module, version)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for name, data in files:
        writer.writerow([name, record_hash(data), len(data)])
    writer.writerow([record_name, "", ""])
    entries = list(files) + [(record_name, buf.getvalue().encode("utf-8"))]

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ("%s-%s-py3-none-any.whl" % (module, version))
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as zf:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            zf.writestr(zi, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    target.write_bytes(raw.getvalue())
    return target
