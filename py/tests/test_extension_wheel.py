"""py/build_extension_wheel.py: the prebuilt extension as a wheel that puts its
files where JupyterLab and `jupyter lite build` look for them.

Needs `labextension/` (built by `npm run build:labextension`; `npm test`
builds it before the Python tests)."""

import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

from tests import _support as S

BUILDER = S.REPO / "py" / "build_extension_wheel.py"
LABEXTENSION = S.REPO / "labextension"
SHARE = "share/jupyter/labextensions/jupyterlite-heavyai"


def build(out):
    res = subprocess.run([sys.executable, str(BUILDER), "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise AssertionError(res.stderr)
    return Path(res.stdout.strip())


class ExtensionWheelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not (LABEXTENSION / "package.json").exists():
            raise AssertionError("labextension/ is missing: run `npm run build:labextension` first")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.wheel = build(Path(cls.tmp.name) / "a")
        cls.version = json.loads((S.REPO / "package.json").read_text())["version"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_name_and_reproducible(self):
        self.assertEqual(self.wheel.name, "jupyterlite_heavyai-%s-py3-none-any.whl" % self.version)
        again = build(Path(self.tmp.name) / "b")
        self.assertEqual(self.wheel.read_bytes(), again.read_bytes())

    def test_dist_info_record_hashes(self):
        info = "jupyterlite_heavyai-%s.dist-info/" % self.version
        with zipfile.ZipFile(self.wheel) as zf:
            names = zf.namelist()
            for required in ("METADATA", "WHEEL", "RECORD"):
                self.assertIn(info + required, names)
            metadata = zf.read(info + "METADATA").decode()
            self.assertIn("Name: jupyterlite-heavyai\n", metadata)
            self.assertIn("Version: %s\n" % self.version, metadata)
            rows = list(csv.reader(io.StringIO(zf.read(info + "RECORD").decode())))
            recorded = {row[0] for row in rows}
            self.assertEqual(recorded, set(names))
            for name, digest, size in rows:
                if name == info + "RECORD":
                    continue
                data = zf.read(name)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                self.assertEqual(digest, "sha256=" + expected, name)
                self.assertEqual(int(size), len(data), name)
            data_prefix = "jupyterlite_heavyai-%s.data/data/%s/" % (self.version, SHARE)
            package = json.loads(zf.read(data_prefix + "package.json"))
            self.assertTrue(package["jupyterlab"]["_build"]["load"].startswith("static/remoteEntry."))
            self.assertIn(data_prefix + package["jupyterlab"]["_build"]["load"], names)
            self.assertIn(data_prefix + "service-worker.js", names)

    def test_pip_install_places_the_extension(self):
        with tempfile.TemporaryDirectory() as venv:
            subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
            py = os.path.join(venv, "bin", "python")
            res = subprocess.run([py, "-m", "pip", "install", "--no-index", "--disable-pip-version-check",
                                  str(self.wheel)], capture_output=True, text=True, timeout=300)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            installed = Path(venv) / SHARE
            meta = json.loads((installed / "package.json").read_text())
            self.assertEqual(meta["name"], "jupyterlite-heavyai")
            self.assertTrue((installed / meta["jupyterlab"]["_build"]["load"]).is_file())
            worker = (installed / "service-worker.js").read_text()
            self.assertIn("heavyai/session", worker)
            res = subprocess.run([py, "-c", "import jupyterlite_heavyai as j; print(j.service_worker_path())"],
                                 capture_output=True, text=True, timeout=60, cwd=venv)
            self.assertEqual(res.returncode, 0, res.stderr)
            self.assertEqual(Path(res.stdout.strip()).resolve(), (installed / "service-worker.js").resolve())


if __name__ == "__main__":
    unittest.main()
