"""Package version: package.json's, written by the wheel builders."""

__version__ = "0.1.0"
