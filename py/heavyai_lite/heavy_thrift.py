"""The subset of HeavyDB's Thrift service definition used by heavyai_lite.

Field ids and types follow the generated service code shipped with
``@heavyai/connector`` (``thrift/Heavy.js``, ``heavy_types.js`` and
``common_types.js``).  Only the structs and methods this client calls are
declared; unknown fields in replies are skipped by the codec.
"""

from .thrift_json import struct

STR, I32, I64, DBL, BOOL, BIN = "str", "i32", "i64", "dbl", "tf", "bin"


def rec(name):
    return ("rec", name)


def lst(elem):
    return ("lst", elem)


# ---------------------------------------------------------------- common_types
struct("TTypeInfo", {
    1: ("type", I32), 4: ("encoding", I32), 2: ("nullable", BOOL),
    3: ("is_array", BOOL), 5: ("precision", I32), 6: ("scale", I32),
    7: ("comp_param", I32), 8: ("size", I32),
})

#: TDatumType enum (common_types.js)
DATUM_TYPES = {
    0: "SMALLINT", 1: "INT", 2: "BIGINT", 3: "FLOAT", 4: "DECIMAL", 5: "DOUBLE",
    6: "STR", 7: "TIME", 8: "TIMESTAMP", 9: "DATE", 10: "BOOL",
    11: "INTERVAL_DAY_TIME", 12: "INTERVAL_YEAR_MONTH", 13: "POINT",
    14: "LINESTRING", 15: "POLYGON", 16: "MULTIPOLYGON", 17: "TINYINT",
    18: "GEOMETRY", 19: "GEOGRAPHY",
}

#: TEncodingType enum (common_types.js)
ENCODING_TYPES = {
    0: "NONE", 1: "FIXED", 2: "RL", 3: "DIFF", 4: "DICT", 5: "SPARSE",
    6: "GEOINT", 7: "DATE_IN_DAYS",
}

DATUM_TYPE_CODES = {name: code for code, name in DATUM_TYPES.items()}
ENCODING_CODES = {name: code for code, name in ENCODING_TYPES.items()}



class TDeviceType:
    """TDeviceType enum (common_types.js)."""
    CPU = 0
    GPU = 1


# ----------------------------------------------------------------- heavy_types
class TArrowTransport:
    """TArrowTransport enum (heavy_types.js): how ``sql_execute_df`` hands
    the Arrow result over."""
    SHARED_MEMORY = 0  # a handle to shared memory on the server's host
    WIRE = 1           # the Arrow IPC stream itself, in TDataFrame.df_buffer


struct("TDBException", {1: ("error_msg", STR)})

struct("TDatumVal", {
    1: ("int_val", I64), 2: ("real_val", DBL), 3: ("str_val", STR),
    4: ("arr_val", lst(rec("TDatum"))),
})
struct("TDatum", {1: ("val", rec("TDatumVal")), 2: ("is_null", BOOL)})
struct("TRow", {1: ("cols", lst(rec("TDatum")))})

struct("TColumnData", {
    1: ("int_col", lst(I64)), 2: ("real_col", lst(DBL)), 3: ("str_col", lst(STR)),
    4: ("arr_col", lst(rec("TColumn"))),
})
struct("TColumn", {1: ("data", rec("TColumnData")), 2: ("nulls", lst(BOOL))})

struct("TColumnType", {
    1: ("col_name", STR), 2: ("col_type", rec("TTypeInfo")),
    3: ("is_reserved_keyword", BOOL), 4: ("src_name", STR), 5: ("is_system", BOOL),
    6: ("is_physical", BOOL), 7: ("col_id", I64), 8: ("default_value", STR),
})

struct("TRowSet", {
    1: ("row_desc", lst(rec("TColumnType"))), 2: ("rows", lst(rec("TRow"))),
    3: ("columns", lst(rec("TColumn"))), 4: ("is_columnar", BOOL),
})

struct("TQueryResult", {
    1: ("row_set", rec("TRowSet")), 2: ("execution_time_ms", I64),
    3: ("total_time_ms", I64), 4: ("nonce", STR), 5: ("debug", STR),
    6: ("success", BOOL), 7: ("query_type", I32),
})

struct("TTableDetails", {
    1: ("row_desc", lst(rec("TColumnType"))), 2: ("fragment_size", I64),
    3: ("page_size", I64), 4: ("max_rows", I64), 5: ("view_sql", STR),
    6: ("shard_count", I64), 7: ("key_metainfo", STR), 8: ("is_temporary", BOOL),
    9: ("partition_detail", I32), 10: ("table_type", I32),
})

# handles and the buffer are Thrift ``binary``: base64 text in Thrift JSON
struct("TDataFrame", {
    1: ("sm_handle", BIN), 2: ("sm_size", I64), 3: ("df_handle", BIN),
    4: ("df_size", I64), 5: ("execution_time_ms", I64),
    6: ("arrow_conversion_time_ms", I64), 7: ("df_buffer", BIN),
})

struct("TServerStatus", {
    1: ("read_only", BOOL), 2: ("version", STR), 3: ("rendering_enabled", BOOL),
    4: ("start_time", I64), 5: ("edition", STR), 6: ("host_name", STR),
    7: ("poly_rendering_enabled", BOOL), 8: ("role", I32),
    9: ("renderer_status_json", STR),
})

# ``image`` is the PNG (Thrift binary); ``vega_metadata`` is JSON text
struct("TRenderResult", {
    1: ("image", BIN), 2: ("nonce", STR), 3: ("execution_time_ms", I64),
    4: ("render_time_ms", I64), 5: ("total_time_ms", I64), 6: ("vega_metadata", STR),
})
# write-back: rows of text (load_table) and create_table's options
struct("TStringValue", {1: ("str_val", STR), 2: ("is_null", BOOL)})
struct("TStringRow", {1: ("cols", lst(rec("TStringValue")))})
struct("TCreateParams", {1: ("is_replicated", BOOL)})

# ------------------------------------------------------------ service methods
# method name -> (args struct, result struct)
METHODS = {}


def _method(name, args, success):
    """Declare ``Heavy_<name>_args`` and ``Heavy_<name>_result``."""
    args_name = "Heavy_%s_args" % name
    result_name = "Heavy_%s_result" % name
    struct(args_name, args)
    result = {1: ("e", rec("TDBException"))}
    if success is not None:
        result[0] = ("success", success)
    struct(result_name, result)
    METHODS[name] = (args_name, result_name)


_method("connect", {1: ("user", STR), 2: ("passwd", STR), 3: ("dbname", STR)}, STR)
_method("disconnect", {1: ("session", STR)}, None)
_method("interrupt", {1: ("query_session", STR), 2: ("interrupt_session", STR)}, None)
_method("get_server_status", {1: ("session", STR)}, rec("TServerStatus"))
_method("get_status", {1: ("session", STR)}, lst(rec("TServerStatus")))
_method("get_tables", {1: ("session", STR)}, lst(STR))
_method("get_table_details", {1: ("session", STR), 2: ("table_name", STR)},
        rec("TTableDetails"))
_method("sql_execute", {
    1: ("session", STR), 2: ("query", STR), 3: ("column_format", BOOL),
    4: ("nonce", STR), 5: ("first_n", I32), 6: ("at_most_n", I32),
}, rec("TQueryResult"))
_method("sql_execute_df", {
    1: ("session", STR), 2: ("query", STR), 3: ("device_type", I32),
    4: ("device_id", I32), 5: ("first_n", I32), 6: ("transport_method", I32),
}, rec("TDataFrame"))
_method("render_vega", {
    1: ("session", STR), 2: ("widget_id", I64), 3: ("vega_json", STR),
    4: ("compression_level", I32), 5: ("nonce", STR),
}, rec("TRenderResult"))
_method("create_table", {
    1: ("session", STR), 2: ("table_name", STR), 3: ("row_desc", lst(rec("TColumnType"))),
    4: ("create_params", rec("TCreateParams")),
}, None)
_method("load_table", {
    1: ("session", STR), 2: ("table_name", STR), 3: ("rows", lst(rec("TStringRow"))),
    4: ("column_names", lst(STR)),
}, None)
_method("load_table_binary_columnar", {
    1: ("session", STR), 2: ("table_name", STR), 3: ("cols", lst(rec("TColumn"))),
    4: ("column_names", lst(STR)),
}, None)
_method("load_table_binary_arrow", {
    1: ("session", STR), 2: ("table_name", STR), 3: ("arrow_stream", BIN),
    4: ("use_column_names", BOOL),
}, None)
