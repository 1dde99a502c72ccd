from .entry import LedgerEntry, LedgerImmutableError

__all__ = ["LedgerEntry", "LedgerImmutableError"]
