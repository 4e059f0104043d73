"""The matcher the bot uses: cheap answers first, the sentence-embedding model only when needed.

Stages, in order; each one either decides or hands the question on:

1. **clean-up**: the normaliser's words (typos, shorthand); an empty result is out of scope.
2. **phrasing**: the cleaned-up text is one of the content's own phrasings, cleaned up the
   same way. The answer is what the model itself gives that phrasing, computed at load from
   the vectors embedded for training, so this stage can never disagree with the model.
3. **memo**: the same cleaned-up question was matched recently (a bounded LRU, memo.py).
4. **model**: the semantic matcher (MiniLM + ridge, zones from the content); its answer is
   remembered for stage 3.

Every stage returns exactly the model's answer for that text, so quality is the model's; what
changes is how often the model runs. `stages` counts the questions each stage decided, for the
benchmarks. Adding topics needs nothing here: stage 2 is rebuilt from the content at load.
"""

from __future__ import annotations

import threading
from collections import Counter

from bot.faq.memo import LruMemo
from bot.faq.semantic import MAX_INPUT_CHARS, SemanticMatcher
from bot.faq.types import Match

MEMO_SIZE = 4096  # distinct questions remembered; a Match and its key are well under 1 KB
NOTHING = Match(None, (), 0.0)
STAGES = ("empty", "phrasing", "memo", "model")


class CascadeMatcher:
    def __init__(self, model: SemanticMatcher, *, memo_size: int = MEMO_SIZE) -> None:
        self.model = model
        self.examples = model.examples
        self.normalizer = model.normalizer
        self.thresholds = model.thresholds
        self._phrasings = model.own_answers()
        self._memo = LruMemo(memo_size)
        self.stages: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    def match(self, text: str) -> Match:
        stage, match = self.decide(text)
        with self._count_lock:
            self.stages[stage] += 1
        return match

    def decide(self, text: str) -> tuple[str, Match]:
        """The match and the name of the stage that decided it (one of STAGES)."""
        words = self.normalizer(text[:MAX_INPUT_CHARS])
        if not words:
            return "empty", NOTHING
        known = self._phrasings.get(words)
        if known is not None:
            return "phrasing", known
        remembered = self._memo.get(words)
        if remembered is not None:
            return "memo", remembered
        match = self.model.match_words(words)
        self._memo.put(words, match)
        return "model", match
