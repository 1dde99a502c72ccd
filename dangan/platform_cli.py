"""Platform subcommands of `dangan`: they need Django and the database."""

from __future__ import annotations

import argparse
import os
import sys


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangan.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dangan", *argv])
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from pathlib import Path

    setup_django()
    from django.conf import settings

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    return _manage(["migrate", "--noinput", *(["-v", "0"] if args.quiet else [])])


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from dangan.core.demo import load_demo, login_table

    created = load_demo()
    print("演示数据已加载。" if created else "演示数据已存在，未重复加载。")
    print(login_table())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if args.dev:
        # The development server serves static files from the source tree and shows debug pages.
        os.environ["DANGAN_DEBUG"] = "1"
    setup_django()
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not args.dev and (not args.no_collectstatic or not manifest.exists()):
        print("正在准备静态文件（首次启动约需一分钟）…", flush=True)
        call_command("collectstatic", "--noinput", verbosity=0)
    if args.dev:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
        return 0
    bind = f"{args.host}:{args.port}"
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Dangan 正在运行：http://{bind}/  （数据库：{database}）", flush=True)
    gunicorn_args = [
        "gunicorn",
        "dangan.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "120",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *gunicorn_args])
    return 0  # not reached


def cmd_manage(args: argparse.Namespace) -> int:
    return _manage(args.rest)


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from dangan.celery import app

    argv = ["worker", "--loglevel=INFO", f"--concurrency={args.concurrency}"]
    if args.beat:
        argv.append("--beat")  # also run the periodic duties (CELERY_BEAT_SCHEDULE) in this process
    app.worker_main(argv)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("migrate", help="创建或升级数据库结构")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_migrate)

    p = subparsers.add_parser("demo", help="加载演示数据（只加载一次）并列出演示账号")
    p.set_defaults(func=cmd_demo)

    p = subparsers.add_parser("serve", help="启动 Web 服务（默认 http://127.0.0.1:8000）")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--dev", action="store_true", help="使用 Django 开发服务器")
    p.add_argument("--no-collectstatic", action="store_true")
    p.set_defaults(func=cmd_serve)

    p = subparsers.add_parser("worker", help="启动后台任务进程（需配置 DANGAN_CELERY_BROKER_URL）")
    p.add_argument("--concurrency", type=int, default=2)
    p.add_argument("--beat", action="store_true", help="同时执行定时任务（整改期限提醒、原件逾期检查）")
    p.set_defaults(func=cmd_worker)

    p = subparsers.add_parser("manage", help="Django 管理命令（如 check --deploy、createsuperuser）")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
