from django.core.management.base import BaseCommand

from dangan.ocr.indexing import rebuild


class Command(BaseCommand):
    help = "重建全文检索索引（目录与识别文本）"

    def handle(self, *args, **options) -> None:
        units, pages = rebuild()
        self.stdout.write(f"已重建索引：目录 {units} 条，页面 {pages} 页")
