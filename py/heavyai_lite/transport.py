"""HTTP transports: the only part that differs between CPython and Pyodide.

Every transport has the same contract: ``request(method, url, body, headers)``
returns ``(status, text)`` for any HTTP answer (including 4xx/5xx) and raises
:class:`TransportError` when no HTTP answer was obtained (refused, DNS,
timeout, CORS...).  ``body`` is ``bytes`` (UTF-8) or ``None``.

The built-in transports also have ``request_binary(method, url, body, headers)``:
the same contract with the answer's body as ``bytes`` (no text decoding), for
Thrift's binary protocol.  A transport without it is only sent Thrift JSON.

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


def _js_bytes(body):
    """``body`` as a JavaScript ``Uint8Array`` (one copy out of Python's memory)."""
    if body is None:
        return None
    import js  # provided by Pyodide

    array = js.Uint8Array.new(len(body))
    array.assign(body)
    return array


class UrllibTransport:
    """Synchronous transport for CPython, based on ``urllib.request``."""

    def __init__(self, timeout=DEFAULT_TIMEOUT):
        self.timeout = timeout
        # never route localhost/intranet HeavyDB requests through env proxies
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def request(self, method, url, body=None, headers=None):
        status, data = self._exchange(method, url, body, headers)
        return status, data.decode("utf-8", "replace")

    def request_binary(self, method, url, body=None, headers=None):
        return self._exchange(method, url, body, headers)

    def _exchange(self, method, url, body, headers):
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            try:
                data = exc.read()
            except Exception:  # pragma: no cover - broken error body
                data = b""
            return exc.code, data
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
        xhr = self._send(method, url, _text(body), headers)
        return int(xhr.status), str(xhr.responseText or "")

    def request_binary(self, method, url, body=None, headers=None):
        # The answer arrives as an ArrayBuffer and is copied once into Python's
        # memory: no JavaScript string, no UTF-16 round trip.
        xhr = self._send(method, url, _js_bytes(body), headers, "arraybuffer")
        response = xhr.response
        return int(xhr.status), (response.to_bytes() if response is not None else b"")

    def _send(self, method, url, body, headers, response_type=None):
        import js  # provided by Pyodide

        xhr = js.XMLHttpRequest.new()
        try:
            xhr.open(method, url, False)
            if response_type:
                xhr.responseType = response_type  # allowed for synchronous XHR in a worker
            for key, value in (headers or {}).items():
                xhr.setRequestHeader(key, value)
            if body is None:
                xhr.send()
            else:
                xhr.send(body)
        except Exception as exc:  # JsException: NetworkError, SecurityError...
            raise TransportError(str(exc) or exc.__class__.__name__) from None
        if int(xhr.status) == 0:
            raise TransportError("network error (no HTTP response: host unreachable, "
                                 "connection refused, or blocked by CORS)")
        return xhr


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

    async def request_binary(self, method, url, body=None, headers=None):
        from pyodide.http import pyfetch  # provided by Pyodide

        options = {"method": method}
        if headers:
            options["headers"] = dict(headers)
        if body is not None:
            options["body"] = _js_bytes(body)
        try:
            resp = await pyfetch(url, **options)
            payload = await resp.bytes()
        except Exception as exc:  # JsException / OSError: "Failed to fetch"
            raise TransportError(str(exc) or exc.__class__.__name__) from None
        return int(resp.status), payload


class ThreadedTransport:
    """Asynchronous wrapper running a synchronous transport in a thread."""

    def __init__(self, sync_transport=None):
        self.sync = sync_transport or UrllibTransport()
        #: whether ``request_binary`` works (the wrapped transport has it)
        self.binary = hasattr(self.sync, "request_binary")

    async def request(self, method, url, body=None, headers=None):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, lambda: self.sync.request(method, url, body, headers))

    async def request_binary(self, method, url, body=None, headers=None):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, lambda: self.sync.request_binary(method, url, body, headers))


def speaks_binary(transport):
    """Whether ``transport`` can carry Thrift's binary protocol (``request_binary``)."""
    return hasattr(transport, "request_binary") and getattr(transport, "binary", True)


def default_transport():
    """The synchronous transport for this runtime."""
    return XhrTransport() if is_pyodide() else UrllibTransport()


def default_async_transport():
    """The asynchronous transport for this runtime."""
    return FetchTransport() if is_pyodide() else ThreadedTransport()
