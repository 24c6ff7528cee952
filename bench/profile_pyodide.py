# Phases of heavyai_lite's 1M-row reads, timed inside Pyodide (bench/profile-pyodide.ts runs this
# with ARGS set; the last expression is the JSON it prints).
import json
import time

import heavyai_lite
from heavyai_lite import arrow_ipc, thrift_binary
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


stream = clock("select_arrow_ipc (whole call)", lambda: con.select_arrow_ipc(QUERY))
rows = clock("execute().fetchall() (whole call)", lambda: con.execute(QUERY).fetchall())
assert len(rows) == 1000000, len(rows)
del rows
df_args = {"session": con.session, "query": QUERY, "device_type": 0, "device_id": 0,
           "first_n": -1, "transport_method": 1}
body, headers, seqid = con._rpc.encode("sql_execute_df", df_args, True)
xhr = clock("  sql_execute_df: XHR send → ArrayBuffer (binary)",
            lambda: con._transport._send("POST", con._rpc.url,
                                         __import__("heavyai_lite.transport").transport._js_bytes(body),
                                         headers, "arraybuffer"))
payload = clock("  ArrayBuffer → Python bytes", lambda: xhr.response.to_bytes())
result = clock("  thrift_binary.decode_reply",
               lambda: thrift_binary.decode_reply(payload, "sql_execute_df",
                                                  METHODS["sql_execute_df"][1], seqid))
fields, cols = clock("  arrow_ipc.read_stream (9 columns → lists)",
                     lambda: arrow_ipc.read_stream(result["success"]["df_buffer"]))
for f, c in zip(fields, cols):
    pass
clock("  zip to row tuples", lambda: list(zip(*cols)))
# per column
from heavyai_lite.arrow_ipc import _messages  # noqa: E402
out["stream MB"] = len(stream) / 1e6
json.dumps(out)
