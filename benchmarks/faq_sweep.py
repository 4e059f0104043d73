"""FAQ scorer settings side by side: the content's own leave-one-out ranking and `bot eval` per set.

For each setting of the scorer's shape constants in bot/faq/semantic.py (kernel width, ridge
strength, weight of the ridge part, weight of the hub correction) it prints the top-1 of the
content's phrasings held out one at a time (what the constants should be chosen by: it needs no
evaluation data) and the `bot eval` numbers of every evaluation file, each file on its own (to
check a choice on sets it was not chosen on, and to see whether a change helps everywhere or only
somewhere). Questions go through the whole interpreter, as in `python -m bot eval`. Prints
numbers; asserts nothing.

    python -m benchmarks.faq_sweep --eval FILE.yaml [--eval ...] [--width 1 2 4] [--strength 0.2 0.35]
        [--weight 2] [--hub 0 1]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content import load_content  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.evaluate.single import evaluate  # noqa: E402
from bot.evaluate.through_engine import EngineAsMatcher  # noqa: E402
from bot.faq import semantic  # noqa: E402
from bot.faq.cascade import CascadeMatcher  # noqa: E402
from bot.faq.encoder import Encoder  # noqa: E402
from bot.faq.examples import examples_from  # noqa: E402
from bot.understand.normalize import Normalizer  # noqa: E402
from bot.understand.vocabulary import content_texts  # noqa: E402


def held_out_top1(model: semantic.SemanticMatcher) -> float:
    """Share of topic phrasings whose held-out best topic is their own."""
    assert model._model is not None
    records = [r for r in semantic._held_out(model._model, model.examples) if r.label < model.examples.n_topics]
    return sum(r.best == r.label for r in records) / len(records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", action="append", default=[], help="evaluation file (faq-dev.yaml format)")
    parser.add_argument("--content", default=str(ROOT / "dialogues"))
    parser.add_argument("--width", type=float, nargs="+", default=[semantic.KERNEL_WIDTH])
    parser.add_argument("--strength", type=float, nargs="+", default=[semantic.RIDGE_STRENGTH])
    parser.add_argument("--weight", type=float, nargs="+", default=[semantic.LINEAR_WEIGHT])
    parser.add_argument("--hub", type=float, nargs="+", default=[semantic.HUB_WEIGHT])
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "rolefit-faq-sweep"))
    args = parser.parse_args()
    content = load_content(Path(args.content))
    examples = examples_from(content)
    normalizer = Normalizer(content_texts(content), content.language.shorthand)
    cache = Path(args.cache)
    encoder = Encoder(cache_dir=cache)
    print("width strength weight hub | held-out top-1 | per file: top-1 right wrong useful near far")
    for width, strength, weight, hub in itertools.product(args.width, args.strength, args.weight, args.hub):
        semantic.KERNEL_WIDTH, semantic.RIDGE_STRENGTH, semantic.LINEAR_WEIGHT = width, strength, weight
        semantic.HUB_WEIGHT = hub
        model = semantic.SemanticMatcher(examples, encoder, cache_dir=cache, normalizer=normalizer)
        engine = Engine(content, CascadeMatcher(model))
        cells = [f"{width:5g} {strength:8g} {weight:6g} {hub:3g} | {held_out_top1(model):.3f}"]
        for path in args.eval:
            r = evaluate(EngineAsMatcher(engine), Path(path))
            rate = r.rate
            cells.append(
                f"{Path(path).stem}: {rate(r.top1, r.in_scope):.3f} {rate(r.right, r.in_scope):.3f} "
                f"{rate(r.wrong, r.in_scope):.3f} {r.useful:.3f} {rate(r.near_answered, r.near):.2f} "
                f"{rate(r.unrelated_answered, r.unrelated):.2f}"
            )
        print(" | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
