"""The pyproject.toml builds (hatchling, through `python -m build`) and the offline
builders (py/build_wheel.py, py/build_extension_wheel.py) make the same wheels.

`python -m build` runs as a user would: isolated, installing `hatchling` from pip's
configured index, building the sdist and then the wheel from the sdist. It works on a
copy of the checkout so that hatchling's version hook, which rewrites `_version.py`,
never touches the working tree.

Compared: the wheel's file name; the set of paths; every payload file byte for byte
(modules, `_version.py`, the prebuilt extension's files); METADATA byte for byte except
its `Metadata-Version` line (hatchling writes the newest it knows, 2.5; ours writes 2.4,
the first to define `License-Expression`; no field of 2.5 is used) and its `Requires-Dist`
lines, which are compared by what they require on each platform with and without each
extra (heavyai-lite's offline wheel keeps the one-line form the Pyodide UI test reads back;
hatchling writes the two lines of pyproject.toml's dependencies and extras); WHEEL except its
`Generator` line (each names the tool that wrote it); RECORD's paths, hashes and sizes for
every file except WHEEL, METADATA (they differ by those lines) and RECORD itself. Not
compared: zip timestamps, permissions and entry order, which are archive details, not
contents.

Needs `labextension/` (`npm test` builds it before the Python tests) and `build` +
`hatchling` from pip's index (this machine's local index; PyPI elsewhere)."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile
from pathlib import Path

from tests import _support as S

sys.path.insert(0, str(S.REPO / "py"))
import wheel_writer  # noqa: E402

LABEXTENSION = S.REPO / "labextension"
# What the two pyproject.toml files read, copied as they are in the checkout.
CHECKOUT_FILES = ("package.json", "README.md", "pyproject.toml", ".gitignore")
CHECKOUT_DIRS = ("py", "labextension")
# An unreachable index fails at once instead of after pip's five retries (a minute here).
PIP_ENV = dict(os.environ, PIP_RETRIES="0", PIP_DISABLE_PIP_VERSION_CHECK="1")


def run(cmd, cwd=None, timeout=600):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=PIP_ENV, capture_output=True,
                          text=True, timeout=timeout)


def checked(result, what):
    if result.returncode != 0:
        raise AssertionError("%s failed:\n%s\n%s" % (what, result.stdout[-3000:], result.stderr[-3000:]))
    return result


def copy_checkout(target, with_labextension=True):
    target.mkdir(parents=True)
    for name in CHECKOUT_FILES:
        shutil.copy2(S.REPO / name, target / name)
    for name in CHECKOUT_DIRS:
        if name == "labextension" and not with_labextension:
            continue
        shutil.copytree(S.REPO / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "tests"))
    return target


def read_wheel(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def without_line(data, prefix):
    return [line for line in data.decode("utf-8").split("\n") if not line.startswith(prefix)]


def metadata_parts(data):
    """METADATA's header lines, without Metadata-Version and Requires-Dist; its Requires-Dist
    values; its long description."""
    headers, _, description = data.decode("utf-8").partition("\n\n")
    lines = headers.split("\n")
    requires = [line[len("Requires-Dist: "):] for line in lines if line.startswith("Requires-Dist: ")]
    others = [line for line in lines if not line.startswith(("Metadata-Version: ", "Requires-Dist: "))]
    return others, requires, description


# Run by the venv's Python, which has `packaging` (a dependency of `build`): which requirements
# apply on each platform, without and with each extra.
APPLIED_REQUIREMENTS = r"""
import json, sys
from packaging.requirements import Requirement
requirements = [Requirement(line) for line in json.load(sys.stdin)]
extras = sorted({""} | set(sys.argv[1:]))
print(json.dumps({"%s[%s]" % (platform, extra): sorted({
    r.name + str(r.specifier) for r in requirements
    if r.marker is None or r.marker.evaluate({"sys_platform": platform, "extra": extra})})
    for platform in ("emscripten", "linux", "darwin", "win32") for extra in extras}))
"""


def record_rows(data):
    return {row[0]: tuple(row[1:]) for row in csv.reader(io.StringIO(data.decode("utf-8")))}


class PyprojectBuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not (LABEXTENSION / "package.json").exists():
            raise AssertionError("labextension/ is missing: run `npm run build:labextension` first")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.tmp.cleanup)
        root = Path(cls.tmp.name)
        cls.version = wheel_writer.package_json_version()

        started = time.monotonic()
        venv = root / "venv"
        checked(run([sys.executable, "-m", "venv", venv]), "python -m venv")
        cls.python = venv / "bin" / "python"
        checked(run([cls.python, "-m", "pip", "install", "build"]),
                "pip install build (from pip's configured index)")
        venv_seconds = time.monotonic() - started

        cls.checkout = copy_checkout(root / "checkout")
        cls.hatch_dir, offline_dir = root / "hatch", root / "offline"
        started = time.monotonic()
        for project in (cls.checkout / "py", cls.checkout):
            checked(run([cls.python, "-m", "build", "--outdir", cls.hatch_dir, project]),
                    "python -m build %s" % project)
        build_seconds = time.monotonic() - started
        for builder in ("build_wheel.py", "build_extension_wheel.py"):  # on the same copy
            checked(run([sys.executable, cls.checkout / "py" / builder, "--out", offline_dir]), builder)
        cls.offline_dir = offline_dir
        print("\n[pyproject] venv + pip install build: %.1f s; python -m build (2 projects, sdist + "
              "wheel): %.1f s" % (venv_seconds, build_seconds), file=sys.stderr)

    def assert_same_wheel(self, module):
        name = "%s-%s-py3-none-any.whl" % (module, self.version)
        self.assertTrue((self.hatch_dir / name).is_file(), sorted(os.listdir(self.hatch_dir)))
        self.assertTrue((self.hatch_dir / ("%s-%s.tar.gz" % (module, self.version))).is_file())
        ours, hatch = read_wheel(self.offline_dir / name), read_wheel(self.hatch_dir / name)
        self.assertEqual(sorted(ours), sorted(hatch))

        info = "%s-%s.dist-info/" % (module, self.version)
        metadata, wheel, record = info + "METADATA", info + "WHEEL", info + "RECORD"
        for path in sorted(set(ours) - {metadata, wheel, record}):
            self.assertTrue(ours[path] == hatch[path], "%s differs between the builds" % path)
        ours_headers, ours_requires, ours_description = metadata_parts(ours[metadata])
        hatch_headers, hatch_requires, hatch_description = metadata_parts(hatch[metadata])
        self.assertEqual(ours_headers, hatch_headers)
        self.assertTrue(ours_description == hatch_description, "the long descriptions differ")
        extras = [h[len("Provides-Extra: "):] for h in ours_headers if h.startswith("Provides-Extra: ")]
        applied = self.applied_requirements(ours_requires, extras)
        self.assertEqual(applied, self.applied_requirements(hatch_requires, extras))
        self.assertEqual(without_line(ours[wheel], "Generator: "), without_line(hatch[wheel], "Generator: "))
        ours_record, hatch_record = record_rows(ours[record]), record_rows(hatch[record])
        self.assertEqual(sorted(ours_record), sorted(ours))
        self.assertEqual(sorted(hatch_record), sorted(hatch))
        for path in set(ours) - {metadata, wheel, record}:
            self.assertEqual(ours_record[path], hatch_record[path], path)
        return ours, ours_headers, applied

    def applied_requirements(self, requires, extras):
        res = checked(subprocess.run([str(self.python), "-c", APPLIED_REQUIREMENTS] + extras,
                                     input=json.dumps(requires), capture_output=True, text=True,
                                     timeout=60), "evaluating Requires-Dist")
        return json.loads(res.stdout)

    def test_heavyai_lite_wheels_match(self):
        files, headers, applied = self.assert_same_wheel("heavyai_lite")
        self.assertIn("heavyai_lite/client.py", files)
        self.assertEqual(files["heavyai_lite/_version.py"], wheel_writer.version_file(self.version))
        for header in ("Name: heavyai-lite", "Version: " + self.version, "Requires-Python: >=3.8"):
            self.assertIn(header, headers)
        # pandas comes with the client in Pyodide, and on request elsewhere.
        self.assertEqual(applied["emscripten[]"], ["pandas"])
        self.assertEqual(applied["linux[]"], [])
        self.assertEqual(applied["linux[pandas]"], ["pandas"])

    def test_extension_wheels_match(self):
        files, headers, applied = self.assert_same_wheel("jupyterlite_heavyai")
        data = "jupyterlite_heavyai-%s.data/data/share/jupyter/labextensions/jupyterlite-heavyai/" % self.version
        shipped = {p[len(data):] for p in files if p.startswith(data)}
        built = {p.relative_to(LABEXTENSION).as_posix() for p in LABEXTENSION.rglob("*") if p.is_file()}
        self.assertEqual(shipped, built - {"build_log.json"})
        self.assertIn("service-worker.js", shipped)
        self.assertEqual(files["jupyterlite_heavyai/_version.py"], wheel_writer.version_file(self.version))
        self.assertIn("Name: jupyterlite-heavyai", headers)
        self.assertIn("Version: " + self.version, headers)
        self.assertEqual(set(map(tuple, applied.values())), {()})

    def test_checked_in_version_files_match_package_json(self):
        # hatchling's version hook rewrites these in a checkout; a stale one would show in git.
        expected = wheel_writer.version_file(self.version)
        for module in ("heavyai_lite", "jupyterlite_heavyai"):
            self.assertEqual((S.REPO / "py" / module / "_version.py").read_bytes(), expected, module)

    def test_pip_install_of_both_projects(self):
        # `pip install ./py .` as a user runs it in a checkout (pip is the build frontend here).
        res = checked(run([self.python, "-m", "pip", "install", self.checkout / "py", self.checkout]),
                      "pip install ./py .")
        self.assertIn("Successfully installed", res.stdout)
        res = checked(run([self.python, "-c", "import heavyai_lite, jupyterlite_heavyai as j; "
                           "print(heavyai_lite.__version__, j.__version__, j.service_worker_path())"],
                          cwd=self.tmp.name), "importing the installed packages")
        lite_version, extension_version, worker = res.stdout.split()
        self.assertEqual((lite_version, extension_version), (self.version, self.version))
        self.assertTrue(worker.startswith(str(Path(self.tmp.name) / "venv")), worker)
        self.assertEqual(Path(worker).read_bytes(), (LABEXTENSION / "service-worker.js").read_bytes())

    def test_extension_build_without_labextension_says_what_to_run(self):
        checkout = copy_checkout(Path(self.tmp.name) / "bare", with_labextension=False)
        out = Path(self.tmp.name) / "bare-out"
        res = run([self.python, "-m", "build", "--wheel", "--outdir", out, checkout])
        self.assertNotEqual(res.returncode, 0, res.stdout)
        self.assertIn("npm run build:labextension", res.stdout + res.stderr)
        self.assertEqual(list(out.glob("*.whl")), [])


if __name__ == "__main__":
    unittest.main()
