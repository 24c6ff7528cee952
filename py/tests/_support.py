"""Test helpers: the HeavyDB stand-in process, DuckDB's reference answers,
and a tiny stand-in for the JupyterLite site's ``heavyai/session`` endpoint."""

import datetime
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STANDIN_DIR = REPO / "heavydb-standin"
CLI = STANDIN_DIR / "cli.ts"
REFERENCE_CLI = STANDIN_DIR / "reference-cli.ts"
READY = "heavydb stand-in ready: "
USER, PASSWORD, DATABASE = "admin", "HyperInteractive", "heavyai"


def _wait_for_file(path, timeout=300.0):
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError("%s did not appear within %ds" % (path, timeout))
        time.sleep(2.0)


class StandIn:
    """One HeavyDB stand-in process (``heavydb-standin/cli.ts``)."""

    def __init__(self, session, idle_timeout=None, extra_args=()):
        self.session = session
        self.idle_timeout = idle_timeout
        self.extra_args = list(extra_args)
        self.proc = None
        self.url = None

    def start(self, timeout=120.0):
        _wait_for_file(CLI)
        cmd = ["node", "--import", "tsx", str(CLI.relative_to(REPO)), "--port", "0",
               "--session", self.session]
        if self.idle_timeout is not None:
            cmd += ["--idle-timeout", str(self.idle_timeout)]
        cmd += self.extra_args
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, cwd=str(REPO), stdout=subprocess.PIPE,
                                     stderr=self._stderr, text=True)
        line_box = []
        reader = threading.Thread(target=lambda: line_box.append(self.proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        line = line_box[0] if line_box else ""
        if not line.startswith(READY):
            self.stop()
            self._stderr.seek(0)
            raise RuntimeError("stand-in did not start: stdout=%r stderr=%r"
                               % (line, self._stderr.read()[-2000:]))
        self.url = line[len(READY):].strip()
        host_port = self.url.split("://", 1)[1].rstrip("/")
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        # keep draining stdout so the child never blocks on a full pipe
        self._drain = threading.Thread(target=self.proc.stdout.read, daemon=True)
        self._drain.start()
        return self

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        drain = getattr(self, "_drain", None)
        if drain is not None:
            drain.join(5)
        self.proc.stdout.close()
        self.proc = None
        self._stderr.close()


def reference(sql):
    """DuckDB's answer for ``sql``: ``(columns, rows)`` with Python values."""
    _wait_for_file(REFERENCE_CLI)
    out = subprocess.run(["node", "--import", "tsx", str(REFERENCE_CLI.relative_to(REPO)), sql],
                         cwd=str(REPO), capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError("reference-cli failed: %s" % out.stderr[-2000:])
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    cols = doc["columns"]
    rows = [tuple(to_python(c["type"], v) for c, v in zip(cols, row)) for row in doc["rows"]]
    return cols, rows


def to_python(type_name, value):
    """Reference-cli JSON value -> the Python value heavyai_lite must return."""
    if value is None:
        return None
    if type_name == "BIGINT":
        return int(value)
    if type_name == "DECIMAL":
        return Decimal(value)
    if type_name == "DATE":
        return datetime.date.fromisoformat(value)
    if type_name == "TIME":
        return datetime.time.fromisoformat(value)
    if type_name == "TIMESTAMP":
        return datetime.datetime.fromisoformat(value)
    if type_name in ("FLOAT", "DOUBLE"):
        return float(value)
    return value


PYTHON_TYPES = {"BOOL": bool, "SMALLINT": int, "INT": int, "BIGINT": int, "TINYINT": int,
                "FLOAT": float, "DOUBLE": float, "DECIMAL": Decimal, "STR": str,
                "DATE": datetime.date, "TIME": datetime.time,
                "TIMESTAMP": datetime.datetime}


def free_port():
    """A local TCP port nobody listens on (for 'unreachable host' tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SiteServer:
    """A local HTTP server answering ``<prefix>heavyai/session`` with JSON,
    like the JupyterLite site's service worker does."""

    def __init__(self, payload, prefix="/"):
        self.payload = payload
        self.prefix = prefix
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append(self.path)
                if self.path.split("?")[0] == outer.prefix + "heavyai/session":
                    body = json.dumps(outer.payload).encode("utf-8")
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                else:
                    body = b"<html>not found</html>"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = "http://127.0.0.1:%d%s" % (self.port, prefix)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def session_payload(standin, session=None):
    """The JSON the site's service worker serves for a handed-over session."""
    return {"session": standin.session if session is None else session,
            "connection": {"protocol": "http", "host": standin.host, "port": standin.port},
            "environment": {"protocol": "HEAVYAI_PROTOCOL", "host": "HEAVYAI_HOST",
                            "port": "HEAVYAI_PORT"},
            "query": "SELECT 1"}


def empty_payload():
    return {"session": "", "connection": {"protocol": "", "host": "", "port": ""},
            "environment": {"protocol": "", "host": "", "port": ""}, "query": ""}


def clean_env():
    os.environ.pop("HEAVYAI_LITE_SITE_URL", None)
    os.environ.pop("HEAVYAI_LITE_PAGE_SESSION", None)
