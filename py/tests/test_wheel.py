"""py/build_wheel.py: reproducible wheel, valid dist-info, installable offline,
and a piplite ``all.json`` in the format @jupyterlite/pyodide-kernel 0.8 reads."""

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

BUILDER = S.REPO / "py" / "build_wheel.py"
BUNDLED_INDEX = (S.REPO / "node_modules" / "@jupyterlite" / "pyodide-kernel" / "pypi"
                 / "all.json")


def build(out, *extra):
    res = subprocess.run([sys.executable, str(BUILDER), "--out", str(out)] + list(extra),
                         capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise AssertionError(res.stderr)
    return res.stdout


def npm_version():
    return json.loads((S.REPO / "package.json").read_text())["version"]


class WheelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = Path(cls.tmp.name)
        build(root / "a")
        build(root / "b")
        cls.version = npm_version()
        cls.name = "heavyai_lite-%s-py3-none-any.whl" % cls.version
        cls.wheel = root / "a" / cls.name
        cls.other = root / "b" / cls.name

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_reproducible(self):
        self.assertEqual(self.wheel.read_bytes(), self.other.read_bytes())

    def test_dist_info_and_record(self):
        info = "heavyai_lite-%s.dist-info/" % self.version
        with zipfile.ZipFile(self.wheel) as zf:
            names = zf.namelist()
            self.assertEqual(names[-1], info + "RECORD")
            self.assertIn("heavyai_lite/__init__.py", names)
            for zi in zf.infolist():
                self.assertEqual(zi.date_time, (1980, 1, 1, 0, 0, 0))
            meta = zf.read(info + "METADATA").decode()
            self.assertIn("Name: heavyai-lite\n", meta)
            self.assertIn("Version: %s\n" % self.version, meta)
            # Pyodide (sys_platform "emscripten") gets pandas with the client: select_df needs it.
            self.assertIn('Requires-Dist: pandas; sys_platform == "emscripten" or extra == "pandas"\n', meta)
            wheel = zf.read(info + "WHEEL").decode()
            self.assertIn("Root-Is-Purelib: true", wheel)
            self.assertIn("Tag: py3-none-any", wheel)
            self.assertEqual(sorted(n for n in names if n.startswith(info)),
                             [info + "METADATA", info + "RECORD", info + "WHEEL"])
            self.assertIn('__version__ = "%s"' % self.version,
                          zf.read("heavyai_lite/_version.py").decode())
            rows = list(csv.reader(io.StringIO(zf.read(info + "RECORD").decode())))
            self.assertEqual(sorted(r[0] for r in rows), sorted(names))
            for path, digest, size in rows:
                if path == info + "RECORD":
                    self.assertEqual((digest, size), ("", ""))
                    continue
                data = zf.read(path)
                algo, b64 = digest.split("=", 1)
                self.assertEqual(algo, "sha256")
                expect = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
                self.assertEqual(b64, expect.decode())
                self.assertEqual(int(size), len(data))

    def test_pip_install_into_fresh_venv(self):
        with tempfile.TemporaryDirectory() as venv:
            subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
            py = os.path.join(venv, "bin", "python")
            res = subprocess.run([py, "-m", "pip", "install", "--no-index",
                                  str(self.wheel)], capture_output=True, text=True,
                                 timeout=300, env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"))
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            res = subprocess.run(
                [py, "-c", "import heavyai_lite, sys; print(heavyai_lite.__version__, "
                 "heavyai_lite.__file__, callable(heavyai_lite.connect))"],
                capture_output=True, text=True, timeout=60, cwd=venv)
            self.assertEqual(res.returncode, 0, res.stderr)
            version, path, ok = res.stdout.split()
            self.assertEqual((version, ok), (self.version, "True"))
            self.assertTrue(path.startswith(venv), path)

    def test_explicit_version(self):
        with tempfile.TemporaryDirectory() as out:
            build(out, "--version", "1.2.3-beta.4")
            self.assertTrue((Path(out) / "heavyai_lite-1.2.3b4-py3-none-any.whl").exists())


class PipliteIndexTest(unittest.TestCase):
    def test_index_entry_format_and_extension(self):
        bundled = json.loads(BUNDLED_INDEX.read_text())
        bundled_entry = next(iter(bundled["piplite"]["releases"].values()))[0]
        with tempfile.TemporaryDirectory() as tmp:
            out, index = Path(tmp) / "dist", Path(tmp) / "pypi"
            index.mkdir()
            (index / "all.json").write_text(json.dumps({"other": {"releases": {"1": []}}}))
            build(out, "--piplite-index", str(index))
            build(out, "--version", "9.9.9", "--piplite-index", str(index))
            data = json.loads((index / "all.json").read_text())
            self.assertIn("other", data)
            for key in ("heavyai-lite", "heavyai_lite"):
                self.assertEqual(sorted(data[key]["releases"]), sorted([npm_version(), "9.9.9"]))
            entry = data["heavyai-lite"]["releases"][npm_version()][0]
            self.assertEqual(set(entry), set(bundled_entry))
            wheel = index / entry["filename"]
            blob = wheel.read_bytes()
            self.assertEqual(entry["url"], "./" + wheel.name)
            self.assertEqual(entry["digests"]["sha256"], hashlib.sha256(blob).hexdigest())
            self.assertEqual(entry["digests"]["md5"], hashlib.md5(blob).hexdigest())
            self.assertEqual(entry["size"], len(blob))
            self.assertEqual(entry["packagetype"], "bdist_wheel")
            self.assertEqual(blob, (out / wheel.name).read_bytes())
            # piplite rewrites "./x.whl" to "<dir of all.json>/./x.whl?sha256=..."
            url = "https://site.example/lite/pypi/all.json"
            resolved = "%s/%s" % (url.split("/all.json")[0], entry["url"])
            self.assertEqual(resolved, "https://site.example/lite/pypi/./" + wheel.name)


if __name__ == "__main__":
    unittest.main()
