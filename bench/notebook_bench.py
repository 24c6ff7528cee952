"""Figures for the notebook section of `npm run bench` (bench/notebook.ts runs this in a venv
with IPython, pandas, numpy and pyarrow; the stand-in's address comes as argv[1]).

Prints one JSON line: seconds per run of each measurement (medians are taken by the caller).
"""

import json
import sys
import time

import heavyai_lite
from heavyai_lite import frames

args = json.loads(sys.argv[1])
RUNS = args["runs"]
QUERY = "SELECT * FROM flights"


def connect():
    return heavyai_lite.connect(session=args["session"], host=args["host"], port=args["port"],
                                protocol="http")


def timed(fn, runs=RUNS):
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


con = connect()
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

shell = InteractiveShell.instance()
shell.run_cell("%load_ext heavyai_lite")
result = {}


def magic():
    r = shell.run_cell("%%%%heavysql df\n%s" % QUERY)
    if r.error_in_exec is not None:
        raise r.error_in_exec
    assert len(shell.user_ns["df"]) == args["rows"], len(shell.user_ns["df"])


# A kernel's first %%heavysql also imports pandas and pyarrow: timed once and reported
# apart, so the ratio compares the magic and select_arrow_ipc each in steady state.
result["heavysql_first"] = timed(magic, runs=1)
result["heavysql_df"] = timed(magic)
streams = []
con.select_arrow_ipc(QUERY)
result["select_arrow_ipc"] = timed(lambda: streams.append(con.select_arrow_ipc(QUERY)))
stream = streams[-1]
result["arrow_bytes"] = len(stream)
# the share of the magic's time spent turning the stream into a DataFrame
result["frame_from_stream"] = timed(lambda: frames.from_arrow(stream))
result["pyarrow_read_only"] = timed(lambda: __import__("pyarrow.ipc").ipc.open_stream(stream)
                                    .read_all())

# load_table of 1M rows x 5 columns, and reading them back
frame = shell.user_ns["df"][["flight_id", "carrier", "dep_time", "distance", "air_time"]].copy()
for method in args["methods"]:
    table = "bench_load_" + method
    times = []
    for _ in range(RUNS):
        con.execute("DROP TABLE IF EXISTS " + table)
        started = time.perf_counter()
        con.load_table(table, frame, method=method)
        times.append(time.perf_counter() - started)
    result["load_table_" + method] = times
    back = []
    result["read_back_" + method] = timed(
        lambda: back.append(con.select_df("SELECT * FROM " + table)))
    assert len(back[-1]) == len(frame)
print(json.dumps(result))
