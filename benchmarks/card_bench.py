"""Result card rendering: time per card, cached lookups, and the PNG's size in bytes.

    python -m benchmarks.card_bench                  # default: 200 renders of each kind
    python -m benchmarks.card_bench --renders 50 --json card.json

Cards are drawn for real results of the shipped content (a clear lean, a close one, an even
tie-break), each drawn afresh (bypassing the cache) for the timing. The baseline, measured in the
same run on the same machine, is Pillow making a blank image of the same size and saving it as
PNG: the least any card could cost, so the ratio is what the drawing itself adds and is
comparable across noisy runs. Target: a card in at most 50 ms.
"""

from __future__ import annotations

import argparse
import functools
import io
import time
from collections.abc import Callable
from typing import Any

from PIL import Image

from benchmarks._common import fmt_ms, load_shipped_content, machine_note, print_machine, summary_ms, write_json
from bot.card import CARD_SIZE, render_card
from bot.card.draw import BACKGROUND, PNG_COMPRESS_LEVEL
from bot.engine import SessionState
from bot.engine.callbacks import EVEN
from bot.engine.replies import Card
from bot.engine.results import finish

TARGET_MS = 50.0


def sample_cards() -> dict[str, Card]:
    content = load_shipped_content()

    def card(plan: Callable[[str], str], tiebreak: str | None = None) -> Card:
        answers = tuple((s.id, plan(s.role)) for s in content.statements)
        _, reply = finish(content, SessionState(answers=answers), tiebreak)
        assert reply.card is not None
        return reply.card

    return {
        "clear": card(lambda role: "yes" if role == "product_manager" else "no"),
        "close": card(lambda role: "yes" if role == "project_manager" else "somewhat"),
        "even": card(lambda role: "yes", EVEN),
    }


def blank_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", CARD_SIZE, BACKGROUND).save(out, format="PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def timed(action: Callable[[], object], n: int) -> list[float]:
    durations = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        durations.append(time.perf_counter() - start)
    return durations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="fresh renders per card kind")
    parser.add_argument("--json", help="write the numbers here too")
    args = parser.parse_args(argv)
    note = machine_note()
    print_machine(note)
    cards = sample_cards()
    draw = render_card.__wrapped__  # the drawing itself, without the cache
    draw(cards["clear"])  # fonts loaded once, as in a running bot
    # Interleaved rounds (the baseline, then each card), so a burst of other load on the shared
    # machine hits both sides of each ratio alike.
    actions: dict[str, Callable[[], object]] = {"baseline": blank_png}
    actions |= {kind: functools.partial(draw, card) for kind, card in cards.items()}
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(args.renders):
        for name, action in actions.items():
            times[name] += timed(action, 1)
    baseline = summary_ms(times["baseline"])
    print(
        f"baseline (blank {CARD_SIZE[0]}x{CARD_SIZE[1]} PNG): {fmt_ms(baseline)}",
        f" min {min(times['baseline']) * 1000:.2f} ms",
    )
    numbers: dict[str, Any] = {"machine": note, "baseline_ms": baseline, "target_ms": TARGET_MS, "cards": {}}
    for kind, card in cards.items():
        stats = summary_ms(times[kind])
        size = len(draw(card))
        ratio = stats["p50"] / baseline["p50"]
        within = "within" if stats["p50"] <= TARGET_MS else "OVER"
        print(
            f"card {kind:5}: {fmt_ms(stats)}  min {min(times[kind]) * 1000:.2f} ms  = {ratio:.2f}x baseline p50; "
            f"{size} bytes; p50 {within} {TARGET_MS:.0f} ms"
        )
        numbers["cards"][kind] = {"ms": stats, "min_ms": min(times[kind]) * 1000, "ratio_p50": ratio, "png_bytes": size}
    render_card.cache_clear()
    render_card(cards["clear"])
    cached = summary_ms(timed(lambda: render_card(cards["clear"]), args.renders * 10))
    print(f"cached  : {fmt_ms(cached, ('p50', 'p99'))} (a card shared again is not redrawn)")
    numbers["cached_ms"] = cached
    numbers["blank_png_bytes"] = len(blank_png())
    write_json(args.json, numbers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
