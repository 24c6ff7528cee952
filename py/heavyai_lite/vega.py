"""The ``%%heavyai_vega`` cell magic (``%%omnisci_vega``, its legacy name).

The cell body is a rendering Vega spec (JSON); HeavyDB renders it and the
cell's result is the :class:`~heavyai_lite.render.RenderResult`, shown as the
PNG.  The line may name a connection in the notebook (``%%heavyai_vega con``);
without one the magic connects once with :func:`heavyai_lite.connect` (the
session handed over by Immerse) and keeps that connection.

    %load_ext heavyai_lite.vega
"""

from .exceptions import InterfaceError

MAGIC_NAMES = ("heavyai_vega", "omnisci_vega")

_default_connection = None


def _connection(shell, line):
    global _default_connection
    name = line.strip()
    if name:
        namespace = getattr(shell, "user_ns", {}) if shell is not None else {}
        if name not in namespace:
            raise InterfaceError("%%%%heavyai_vega %s: no variable named %r in this notebook"
                                 % (name, name))
        con = namespace[name]
        if not hasattr(con, "_run_sync"):
            raise InterfaceError(
                "%%%%heavyai_vega %s: %r is not a synchronous heavyai_lite connection; "
                "with an AsyncConnection use: await %s.render_vega(spec)" % (name, name, name))
        return con
    if _default_connection is None or _default_connection.closed:
        from . import connect
        _default_connection = connect()
    return _default_connection


def make_vega_magic(shell=None):
    """The cell magic function ``(line, cell) -> RenderResult``."""
    def heavyai_vega(line, cell):
        return _connection(shell, line).render_vega(cell)
    heavyai_vega.__doc__ = __doc__
    return heavyai_vega


def register_vega_magics(shell):
    """Registers ``%%heavyai_vega`` and ``%%omnisci_vega`` on an IPython shell."""
    magic = make_vega_magic(shell)
    for name in MAGIC_NAMES:
        shell.register_magic_function(magic, magic_kind="cell", magic_name=name)


def load_ipython_extension(shell):
    """``%load_ext heavyai_lite.vega``."""
    register_vega_magics(shell)
