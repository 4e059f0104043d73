"""Question -> FAQ topic, in three zones: answer, suggest up to three topics, or out of scope.

`build_matcher(content)` returns the semantic matcher (MiniLM sentence embeddings, int8
ONNX) when the model stack is installed, else the lexical fallback. Both derive their
thresholds from the content itself (see zones.py), so adding topics keeps them calibrated.
"""

from bot.faq.build import build_matcher
from bot.faq.types import Match, Matcher

__all__ = ["Match", "Matcher", "build_matcher"]
