# Phases of heavyai_lite's 1M-row reads, timed inside Pyodide (bench/profile-pyodide.ts runs this
# with ARGS set; the last expression is the JSON it prints).
import base64
import json
import time

import js

import heavyai_lite
from heavyai_lite import thrift_json, types as _types
from heavyai_lite.heavy_thrift import METHODS

args = json.loads(ARGS)  # noqa: F821 (set by the runner)
QUERY = "SELECT * FROM flights ORDER BY flight_id"
out = {}
con = heavyai_lite.connect(session=args["session"], host="127.0.0.1", port=args["port"],
                           protocol="http")
con.execute("SELECT 1").fetchall()


def clock(name, fn):
    started = time.perf_counter()
    value = fn()
    out[name] = (time.perf_counter() - started) * 1000
    return value


def raw_xhr(method, call_args, response_type=None):
    body, headers, seqid = con._rpc.encode(method, call_args)
    xhr = js.XMLHttpRequest.new()
    xhr.open("POST", con._rpc.url, False)
    for k, v in headers.items():
        xhr.setRequestHeader(k, v)
    if response_type:
        xhr.responseType = response_type
    clock("  %s: XHR send → response (JSON)" % method, lambda: xhr.send(body.decode()))
    text = clock("  %s: responseText → Python str" % method, lambda: str(xhr.responseText))
    out["  %s: reply size (MB)" % method] = len(text) / 1e6
    return text, seqid


stream = clock("select_arrow_ipc (whole call)", lambda: con.select_arrow_ipc(QUERY))
df_args = {"session": con.session, "query": QUERY, "device_type": 0, "device_id": 0,
           "first_n": -1, "transport_method": 1}
text, seqid = raw_xhr("sql_execute_df", df_args)
msg = clock("  sql_execute_df: json.loads", lambda: json.loads(text))
b64 = msg[4]["0"]["rec"]["7"]["str"]
clock("  sql_execute_df: base64 decode", lambda: base64.b64decode(b64 + "=" * (-len(b64) % 4)))
del text, msg, b64

rows = clock("execute().fetchall() (whole call)", lambda: con.execute(QUERY).fetchall())
assert len(rows) == 1000000, len(rows)
del rows
ex_args = {"session": con.session, "query": QUERY, "column_format": True, "nonce": "1",
           "first_n": -1, "at_most_n": -1}
text, seqid = raw_xhr("sql_execute", ex_args)
result = clock("  sql_execute: decode_reply (json + structs)",
               lambda: thrift_json.decode_reply(text, "sql_execute", METHODS["sql_execute"][1],
                                                seqid))
del text
row_set = result["success"]["row_set"]
cols = clock("  sql_execute: decode_columns", lambda: _types.decode_columns(row_set))
clock("  sql_execute: zip to row tuples", lambda: list(zip(*cols)))
out["stream MB"] = len(stream) / 1e6
json.dumps(out)
