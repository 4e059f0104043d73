"""Command line: run | chat | ask | validate | eval. Wiring only: build settings, logging,
content, matcher, store and channel, then hand over."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings, require_token
from bot.content import Content, ContentError, load_content
from bot.content.html_check import strip_tags
from bot.conversation import Conversation
from bot.engine import Engine, SessionState, TextEvent
from bot.logging_setup import setup_logging

log = logging.getLogger("bot")


def build_engine(settings: Settings, content: Content | None = None) -> Engine:
    from bot.faq import build_matcher  # imported here: the model stack loads only when needed

    content = content or load_content(settings.content_dir)
    return Engine(content, build_matcher(content, cache_dir=settings.data_dir / "cache"))


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.dir) if args.dir else settings.content_dir
    content = load_content(folder)  # ContentError is reported by main()
    print(
        f"{folder}: OK ({len(content.topics)} topics, {len(content.statements)} statements, {len(content.roles)} roles)"
    )
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate.session import Session

    engine = build_engine(settings)
    if args.question and not args.json:
        transition = engine.step(SessionState(), TextEvent(" ".join(args.question)))
        print("\n\n".join(strip_tags(r.text) for r in transition.replies))
        return 0
    # Without --session every question is asked in a fresh chat; with it, the lines are one
    # chat (follow-ups lean on what came before) and a blank line starts the next chat.
    session = Session(engine)
    lines = [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        if not args.session or not line.strip():
            session.new_chat()
        if args.session and not line.strip():
            continue
        record = session.say(line)
        del record["typed"]
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate.cases import evaluate_cases, format_cases
    from bot.evaluate.single import evaluate, format_report
    from bot.evaluate.through_engine import EngineAsMatcher

    engine = build_engine(settings)
    # Single questions go through the whole interpreter, as a user asking them would get them.
    paths = [Path(f) for f in args.file]
    report = evaluate(EngineAsMatcher(engine), *paths)
    print(format_report(report))
    for path in paths:
        cases = format_cases(evaluate_cases(engine, path))
        if cases:
            print(f"multi-turn and behaviour cases ({path.name}):")
            print(cases)
    floors = (  # (name, measured, limit, the measured value must be at least the limit)
        ("top-1", report.rate(report.top1, report.in_scope), args.min_top1, True),
        ("right answer", report.rate(report.right, report.in_scope), args.min_right, True),
        ("wrong answer", report.rate(report.wrong, report.in_scope), args.max_wrong, False),
    )
    failed = [
        (name, value, limit)
        for name, value, limit, at_least in floors
        if limit is not None and (value < limit if at_least else value > limit)
    ]
    for name, value, limit in failed:
        print(f"rolefit: {name} {value:.3f} is outside the limit {limit:.3f}", file=sys.stderr)
    return 1 if failed else 0


def cmd_chat(args: argparse.Namespace, settings: Settings, greeting_key: str = "console_hello") -> int:
    from bot.channels.console import run_console
    from bot.store import MemoryStore

    engine = build_engine(settings)
    run_console(Conversation(engine, MemoryStore()), sys.stdin, sys.stdout, engine.content.text(greeting_key))
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    token = require_token(settings)
    from bot.channels.telegram.app import run_telegram

    return run_telegram(settings, token, build_engine(settings))


def cmd_default(args: argparse.Namespace, settings: Settings) -> int:
    if settings.token is None:
        return cmd_chat(args, settings, greeting_key="console_no_token")
    return cmd_run(args, settings)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rolefit", description="RoleFit: product or project management? A career advisor bot."
    )
    p.set_defaults(handler=cmd_default)
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)").set_defaults(handler=cmd_run)
    sub.add_parser("chat", help="chat with the bot in this terminal").set_defaults(handler=cmd_chat)
    ask = sub.add_parser("ask", help="answer one question; with --json, read questions from stdin")
    ask.add_argument("question", nargs="*")
    ask.add_argument(
        "--json", action="store_true", help="one JSON object per line: topic, action, suggestions, score, answer"
    )
    ask.add_argument(
        "--session", action="store_true", help="with --json: lines are one chat; a blank line starts another"
    )
    ask.set_defaults(handler=cmd_ask)
    validate = sub.add_parser("validate", help="check a content folder (default: dialogues/)")
    validate.add_argument("dir", nargs="?")
    validate.set_defaults(handler=cmd_validate)
    evaluate = sub.add_parser("eval", help="FAQ quality report on an evaluation file (faq-dev.yaml format)")
    evaluate.add_argument("file", nargs="+", help="one or more evaluation files, reported together")
    evaluate.add_argument("--min-top1", type=float, help="exit 1 when top-1 accuracy is below this (a CI floor)")
    evaluate.add_argument("--min-right", type=float, help="exit 1 when the right-answer rate is below this")
    evaluate.add_argument("--max-wrong", type=float, help="exit 1 when the wrong-answer rate is above this")
    evaluate.set_defaults(handler=cmd_eval)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
        # Commands that talk to a person in the terminal keep the log to warnings.
        interactive = args.command in ("ask", "eval", "validate", "chat") or (
            args.command is None and settings.token is None
        )
        setup_logging("WARNING" if interactive else settings.log_level, settings.secrets())
        return args.handler(args, settings)
    except (ConfigError, ContentError) as exc:
        print(f"rolefit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `rolefit ask ... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
