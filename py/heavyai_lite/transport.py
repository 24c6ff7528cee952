"""HTTP transports: the only part that differs between CPython and Pyodide.

Every transport has the same contract: ``request(method, url, body, headers)``
returns ``(status, text)`` for any HTTP answer (including 4xx/5xx) and raises
:class:`TransportError` when no HTTP answer was obtained (refused, DNS,
timeout, CORS...).  ``body`` is ``bytes`` (UTF-8) or ``None``.

* :class:`UrllibTransport` -- CPython, synchronous, ``urllib.request``.
* :class:`XhrTransport` -- Pyodide in a Web Worker, synchronous
  ``XMLHttpRequest`` (allowed in workers) through the ``js`` module.
* :class:`FetchTransport` -- Pyodide, asynchronous, ``pyodide.http.pyfetch``.
* :class:`ThreadedTransport` -- CPython, asynchronous wrapper running a
  synchronous transport in a thread (lets the async API run outside Pyodide).
"""

import asyncio
import sys
import urllib.error
import urllib.request

DEFAULT_TIMEOUT = 300.0


class TransportError(Exception):
    """No HTTP response could be obtained."""


def is_pyodide():
    """True when running inside Pyodide (Emscripten)."""
    return sys.platform == "emscripten"


def _text(body):
    if body is None:
        return None
    return body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body


class UrllibTransport:
    """Synchronous transport for CPython, based on ``urllib.request``."""

    def __init__(self, timeout=DEFAULT_TIMEOUT):
        self.timeout = timeout
        # never route localhost/intranet HeavyDB requests through env proxies
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def request(self, method, url, body=None, headers=None):
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            try:
                text = exc.read().decode("utf-8", "replace")
            except Exception:  # pragma: no cover - broken error body
                text = ""
            return exc.code, text
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TransportError(str(reason) or exc.__class__.__name__) from None


class XhrTransport:
    """Synchronous transport for Pyodide running in a Web Worker.

    Uses a synchronous ``XMLHttpRequest`` (only allowed off the main thread,
    which is where the JupyterLite Pyodide kernel runs).
    """

    def __init__(self, timeout=DEFAULT_TIMEOUT):
        self.timeout = timeout

    def request(self, method, url, body=None, headers=None):
        import js  # provided by Pyodide

        xhr = js.XMLHttpRequest.new()
        try:
            xhr.open(method, url, False)
            for key, value in (headers or {}).items():
                xhr.setRequestHeader(key, value)
            text = _text(body)
            if text is None:
                xhr.send()
            else:
                xhr.send(text)
        except Exception as exc:  # JsException: NetworkError, SecurityError...
            raise TransportError(str(exc) or exc.__class__.__name__) from None
        status = int(xhr.status)
        if status == 0:
            raise TransportError("network error (no HTTP response: host unreachable, "
                                 "connection refused, or blocked by CORS)")
        return status, str(xhr.responseText or "")


class FetchTransport:
    """Asynchronous transport for Pyodide, based on ``pyodide.http.pyfetch``."""

    async def request(self, method, url, body=None, headers=None):
        from pyodide.http import pyfetch  # provided by Pyodide

        options = {"method": method}
        if headers:
            options["headers"] = dict(headers)
        text = _text(body)
        if text is not None:
            options["body"] = text
        try:
            resp = await pyfetch(url, **options)
            payload = await resp.string()
        except Exception as exc:  # JsException / OSError: "Failed to fetch"
            raise TransportError(str(exc) or exc.__class__.__name__) from None
        return int(resp.status), str(payload)


class ThreadedTransport:
    """Asynchronous wrapper running a synchronous transport in a thread."""

    def __init__(self, sync_transport=None):
        self.sync = sync_transport or UrllibTransport()

    async def request(self, method, url, body=None, headers=None):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, lambda: self.sync.request(method, url, body, headers))


def default_transport():
    """The synchronous transport for this runtime."""
    return XhrTransport() if is_pyodide() else UrllibTransport()


def default_async_transport():
    """The asynchronous transport for this runtime."""
    return FetchTransport() if is_pyodide() else ThreadedTransport()
