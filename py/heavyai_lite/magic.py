"""The ``%%heavysql`` cell magic and ``%heavysql`` line magic (``%load_ext heavyai_lite``).

    %%heavysql [NAME] [--con VAR]
    SELECT carrier, COUNT(*) AS n FROM flights WHERE origin = {airport} GROUP BY 1

    df = %heavysql SELECT * FROM tweets WHERE tweet_id IN {ids}

A query's result is a pandas DataFrame, bound to ``NAME`` when given and returned
either way (so it displays).  ``{name}`` fields are filled with the notebook's
values as SQL literals (see ``sql_params``).  DDL and DML statements run too and
report the rows they changed.  The connection is ``--con VAR``, else the last
``heavyai_lite.connect()`` of this kernel, else a new ``connect()`` (the session
handed over by Immerse).

IPython is imported only by ``load_ipython_extension``: the package itself never needs it.
"""

import shlex

from . import plans
from . import sql_params
from .exceptions import Error, InterfaceError

USAGE = "usage: %%heavysql [NAME] [--con VAR]  (the cell holds the SQL)"


def _short(exc):
    """Make IPython show ``exc`` as one line, not a traceback through this module."""
    message = "%s: %s" % (type(exc).__name__, exc)
    exc._render_traceback_ = lambda: [message]
    return exc


def parse_line(line):
    """``(name, con_var)`` from the magic's line."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise InterfaceError("%s (%s)" % (USAGE, exc)) from None
    name = con_var = None
    while words:
        word = words.pop(0)
        if word == "--con":
            if not words:
                raise InterfaceError("--con needs a variable name: " + USAGE)
            con_var = words.pop(0)
        elif word.startswith("--con="):
            con_var = word[len("--con="):]
        elif name is None and not word.startswith("-"):
            name = word
        else:
            raise InterfaceError("unexpected %r: %s" % (word, USAGE))
    for label, value in (("NAME", name), ("--con", con_var)):
        if value is not None and not value.isidentifier():
            raise InterfaceError("%s %r is not a Python variable name" % (label, value))
    return name, con_var


def affected_rows(cursor):
    """The row count a DDL/DML statement reports, or None."""
    if cursor.description and len(cursor.description) == 1:
        rows = cursor.fetchall()
        if len(rows) == 1 and isinstance(rows[0][0], int) and not isinstance(rows[0][0], bool):
            return rows[0][0]
    return None


class HeavySql:
    """The magic's state: the namespace it reads values from and binds results in."""

    def __init__(self, namespace, connect=None):
        self.namespace = namespace
        self._connect = connect

    def connection(self, con_var):
        from . import Connection, connect, last_connection
        if con_var is not None:
            if con_var not in self.namespace:
                raise InterfaceError("--con %s: no such variable" % con_var)
            con = self.namespace[con_var]
            if not isinstance(con, Connection):
                raise InterfaceError("--con %s is a %s, not a heavyai_lite.connect() connection"
                                     % (con_var, type(con).__name__))
            return con
        con = last_connection()
        if con is None or con.closed:
            con = (self._connect or connect)()
        return con

    def run(self, line, cell):
        name, con_var = parse_line(line)
        sql = sql_params.render_from(cell, self.namespace).strip()
        if not sql:
            raise InterfaceError("the cell holds no SQL")
        con = self.connection(con_var)
        if plans.is_read_query(sql):
            frame = con.select_df(sql)
            if name is not None:
                self.namespace[name] = frame
            return frame
        count = affected_rows(con.execute(sql))
        print("%d row%s affected" % (count, "" if count == 1 else "s") if count is not None
              else "Done.")
        return None


def heavysql(magic_state, line, cell=None):
    """Run the magic; heavyai_lite errors are shown as one line."""
    try:
        if cell is None:  # line magic: the whole line is SQL
            return magic_state.run("", line)
        return magic_state.run(line, cell)
    except (Error, ImportError) as exc:
        raise _short(exc) from None


def load_ipython_extension(ipython):
    state = HeavySql(ipython.user_ns)

    def line_magic(line):
        return heavysql(state, line)

    def cell_magic(line, cell):
        return heavysql(state, line, cell)

    ipython.register_magic_function(line_magic, "line", "heavysql")
    ipython.register_magic_function(cell_magic, "cell", "heavysql")
