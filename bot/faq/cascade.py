"""The matcher the bot uses: cheap answers first, the sentence-embedding model only when needed.

Stages, in order; each one either decides or hands the question on:

1. **clean-up**: the normaliser's words (typos, shorthand); an empty result is out of scope.
2. **phrasing**: the cleaned-up text is one of the content's own phrasings, cleaned up the
   same way. The answer is what the model itself gives that phrasing, computed at load from
   the vectors embedded for training, so this stage can never disagree with the model.
3. **memo**: the same cleaned-up question was matched recently (a bounded LRU, memo.py).
4. **student**: the same matcher over a distilled student of MiniLM (four smaller layers,
   training/; ~0.45x the model's CPU), calibrated on the same content. It decides only when its
   verdict clears every threshold by STUDENT_SLACK (zones.clear): a clear answer, or clearly
   nothing. Near a boundary, where the two models could disagree, it hands the question on.
5. **model**: the semantic matcher (MiniLM + ridge, zones from the content); its answer, or
   the student's, is remembered for stage 3.

`careful` is the same cascade without stage 4, for the interpreter's readings of a follow-up in
context, which weigh how sure the matcher is of a short, ambiguous text ("which one is quicker
to earn" after the certificates were offered): there the student was sure of pay where the model
was rightly unsure. Each of the two is a fixed function of the text: they keep separate memo
entries.

Stages 1-3 return exactly the model's answer for that text. Stage 4 returns the student's,
which differed from the model's for about 1 in 80 of the questions it decided in our
evaluation sets (docs/faq-measurements.md, "The student as a cascade stage"), no worse on
balance. `stages` counts the questions each stage decided, for the benchmarks. Adding topics
needs nothing here: stages 2 and 4 are rebuilt from the content at load.
"""

from __future__ import annotations

import threading
from collections import Counter

from bot.faq.memo import LruMemo
from bot.faq.semantic import MAX_INPUT_CHARS, SemanticMatcher
from bot.faq.types import Match

MEMO_SIZE = 4096  # distinct questions remembered; a Match and its key are well under 1 KB
NOTHING = Match(None, (), 0.0)
STAGES = ("empty", "phrasing", "memo", "student", "model")
# How far a student's verdict must clear each zone threshold to stand. 0.08 lets it decide ~84%
# of our evaluation questions with the model's quality; 0.05 decided ~3 points more with two more
# wrong answers (docs/faq-measurements.md). Thresholds are cosines, so this is scale-free.
STUDENT_SLACK = 0.08


class CascadeMatcher:
    def __init__(
        self, model: SemanticMatcher, *, student: SemanticMatcher | None = None, memo_size: int = MEMO_SIZE
    ) -> None:
        self.model = model
        self.student = student
        self.examples = model.examples
        self.normalizer = model.normalizer
        self.thresholds = model.thresholds
        self._phrasings = model.own_answers()
        self._memo = LruMemo(memo_size)
        self.stages: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    @property
    def careful(self) -> _Careful:
        return _Careful(self)

    def match(self, text: str) -> Match:
        return self._counted(*self.decide(text))

    def _counted(self, stage: str, match: Match) -> Match:
        with self._count_lock:
            self.stages[stage] += 1
        return match

    def decide(self, text: str, *, careful: bool = False) -> tuple[str, Match]:
        """The match and the name of the stage that decided it (one of STAGES); with `careful`,
        never the student."""
        words = self.normalizer(text[:MAX_INPUT_CHARS])
        if not words:
            return "empty", NOTHING
        known = self._phrasings.get(words)
        if known is not None:
            return "phrasing", known
        remembered = self._memo.get((careful, words))
        if remembered is not None:
            return "memo", remembered
        student = None if careful else self.student
        stage, match = "student", student.clear_match(words, STUDENT_SLACK) if student else None
        if match is None:
            stage, match = "model", self.model.match_words(words)
        self._memo.put((careful, words), match)
        if stage == "model" and not careful:  # the model's answer is also the careful path's
            self._memo.put((True, words), match)
        return stage, match


class _Careful:
    """The cascade without its student stage (see the module's docstring)."""

    def __init__(self, cascade: CascadeMatcher) -> None:
        self._cascade = cascade
        self.normalizer = cascade.normalizer

    def match(self, text: str) -> Match:
        return self._cascade._counted(*self._cascade.decide(text, careful=True))
