# The two whole 1M-row reads, timed inside Pyodide with any version of heavyai_lite
# (bench/profile-pyodide.ts with PROFILE_PY_SCRIPT=whole).
import json
import time

import heavyai_lite

args = json.loads(ARGS)  # noqa: F821 (set by the runner)
QUERY = "SELECT * FROM flights ORDER BY flight_id"
out = {}
con = heavyai_lite.connect(session=args["session"], host="127.0.0.1", port=args["port"],
                           protocol="http")
con.execute("SELECT 1").fetchall()
started = time.perf_counter()
stream = con.select_arrow_ipc(QUERY)
out["select_arrow_ipc (whole call)"] = (time.perf_counter() - started) * 1000
started = time.perf_counter()
rows = con.execute(QUERY).fetchall()
out["execute().fetchall() (whole call)"] = (time.perf_counter() - started) * 1000
assert len(rows) == 1000000, len(rows)
out["fetchall ÷ select_arrow_ipc"] = "%.2f" % (out["execute().fetchall() (whole call)"]
                                               / out["select_arrow_ipc (whole call)"])
json.dumps(out)
