"""Package version (the wheel builder rewrites this file in the wheel)."""

__version__ = "0.1.0"
