from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "整改期限提醒与逾期上报（SX-2.2-b），并把原件交接差异转登记为档案安全事件（LAW-44）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="按指定日期检查（YYYY-MM-DD），用于补跑")

    def handle(self, *args: Any, **options: Any) -> None:
        from dangan.supervision.services.deadlines import check_deadlines

        today = date.fromisoformat(options["today"]) if options.get("today") else None
        self.stdout.write(str(check_deadlines(today)))
