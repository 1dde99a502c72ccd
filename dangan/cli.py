"""The `dangan` console script: one entry point for the whole product.

Engine subcommands (qc, ocr, compliance) run without Django so that they work on a
provider's or client's machine with nothing but the package installed. Platform
subcommands (serve, migrate, demo, ledger …) set Django up only when they run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module listed here exposes ``register(subparsers)``; it adds its own
# subcommand with ``set_defaults(func=callable)`` where ``callable(args) -> int``.
# Modules must stay cheap to import: heavy imports belong inside the handlers.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "dangan.platform_cli",
    "dangan.ledger.cli",
    "dangan.engines.compliance.cli",
    "dangan.engines.qc.cli",
    "dangan.engines.ocr.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dangan",
        description="档案业务外包全过程监管平台 Dangan — 命令行工具",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # A subcommand whose module is absent from this build is simply not offered.
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return int(func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
