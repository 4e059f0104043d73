"""Choose the matcher: semantic when the model stack loads, otherwise lexical (one warning)."""

from __future__ import annotations

import logging
import pathlib
from typing import TYPE_CHECKING

from bot.faq.examples import Examples, examples_from
from bot.faq.lexical import LexicalMatcher
from bot.faq.types import Matcher
from bot.understand.normalize import Normalizer
from bot.understand.vocabulary import content_texts

if TYPE_CHECKING:
    from bot.content.model import Content
    from bot.faq.semantic import SemanticMatcher

log = logging.getLogger(__name__)


def build_matcher(content: Content, *, cache_dir: pathlib.Path | None = None) -> Matcher:
    """The cascade over the semantic matcher (cascade.py) when the model package loads; otherwise the
    lexical matcher with ONE logging.warning."""
    examples = examples_from(content)
    # One normaliser, shared with the interpreter, that knows every word the content uses.
    normalizer = Normalizer(content_texts(content), content.language.shorthand)
    try:
        from bot.faq.encoder import Encoder

        encoder = Encoder(cache_dir=cache_dir)
    except Exception as exc:  # ImportError, or a broken/missing model file inside the package
        log.warning("FAQ: embedding model unavailable (%s: %s); using the lexical matcher", type(exc).__name__, exc)
        return LexicalMatcher(examples, normalizer)
    from bot.faq.cascade import CascadeMatcher
    from bot.faq.semantic import SemanticMatcher

    model = SemanticMatcher(examples, encoder, cache_dir=cache_dir, normalizer=normalizer)
    model.match("warm up")  # the first run of an ONNX session is slow; pay for it at start-up
    return CascadeMatcher(model, student=_student(examples, normalizer, cache_dir))


def _student(examples: Examples, normalizer: Normalizer, cache_dir: pathlib.Path | None) -> SemanticMatcher | None:
    """The cascade's student stage, or None (one warning): every question then runs the full model."""
    from bot.faq.encoder import Encoder
    from bot.faq.semantic import SemanticMatcher
    from bot.faq.student_file import SHIPPED

    try:
        student = SemanticMatcher(
            examples, Encoder(cache_dir=cache_dir, layers=SHIPPED), normalizer=normalizer, cache_dir=cache_dir
        )
    except Exception as exc:  # StudentUnavailable, a missing or damaged layers file
        log.warning(
            "FAQ: student model unavailable (%s: %s); every question runs the full model", type(exc).__name__, exc
        )
        return None
    student.match("warm up")
    return student
