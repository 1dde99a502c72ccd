"""Dangan (档案): whole-process supervision of outsourced archive work."""
__version__ = "0.1.0"
