"""What ``render_vega`` returns: HeavyDB's rendered PNG and its timings,
displayable in a notebook as ``image/png``."""

import base64
import json

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def vega_json(vega):
    """The spec as the JSON text HeavyDB takes: a ``dict`` is serialised, a
    ``str`` is sent as it is."""
    if isinstance(vega, str):
        return vega
    if isinstance(vega, dict):
        return json.dumps(vega)
    raise TypeError("render_vega() takes the Vega spec as a dict or a JSON string, not %s"
                    % type(vega).__name__)


class RenderResult:
    """A rendered Vega spec.

    ``image`` is the PNG (``bytes``); ``execution_time_ms`` (SQL),
    ``render_time_ms`` and ``total_time_ms`` are the server's own timings;
    ``vega_metadata`` is the server's metadata JSON text (``""`` if none).
    In a notebook the object displays as the image.
    """

    def __init__(self, result):
        result = result or {}
        self.image = result.get("image") or b""
        self.nonce = result.get("nonce", "")
        self.execution_time_ms = result.get("execution_time_ms")
        self.render_time_ms = result.get("render_time_ms")
        self.total_time_ms = result.get("total_time_ms")
        self.vega_metadata = result.get("vega_metadata", "")

    @property
    def image_data(self):
        """The PNG in base64 text (the ``heavyai`` package's attribute)."""
        return base64.b64encode(self.image).decode("ascii")

    def size(self):
        """``(width, height)`` from the PNG header."""
        if self.image[:8] != PNG_SIGNATURE or len(self.image) < 24:
            return None
        return (int.from_bytes(self.image[16:20], "big"), int.from_bytes(self.image[20:24], "big"))

    def _repr_png_(self):
        return self.image

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": self.image_data, "text/plain": repr(self)}

    def __repr__(self):
        size = self.size()
        return "<RenderResult %s PNG, %d bytes, total %s ms>" % (
            "%dx%d" % size if size else "no", len(self.image), self.total_time_ms)
