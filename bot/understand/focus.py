"""The topic in focus: what a short follow-up most likely asks about after an answer.

After the pay answer, "and in Germany?" names no subject at all, and "what about the hours?"
after the stress answer names one the matcher, asked about the role in focus, sends to that
role's day. A person reads both against the answer just given: the same topic, or one next to
it. So a short follow-up is read against the *neighbourhood* of the last topic: the topic
itself, then the topics it lists as related, its counterpart, then the topics that list it.
Two signals pick from it, both from the content:

- the topic's `focus_words` (language.yaml): words that keep a follow-up on that topic
  ("europe", "overtime", "easier"), so a follow-up without a subject of its own still lands;
- the matcher's own ranking: when it is unsure, or only the question read with the memory's
  role filled in names a topic, a topic of the neighbourhood among its candidates wins.

Focus words never pull back a follow-up that names its own subject: one the matcher still finds
once those words are taken out ("is agile used in germany?" after the pay answer is about agile).
"""

from __future__ import annotations

from bot.content.model import Content
from bot.understand.matching import MatchResult, TopicMatcher
from bot.understand.phrases import Words, contains_any, without


class TopicFocus:
    def __init__(self, content: Content, words: Words, matcher: TopicMatcher) -> None:
        self._content = content
        self._matcher = matcher
        # Words that carry no subject: what is left of "which one is cheaper?" without "cheaper".
        self._no_subject = content.language.stop_words | content.language.pronouns
        self._words = {
            topic: [tuple(words(p)) for p in phrases] for topic, phrases in content.language.focus_words.items()
        }
        # Topics that list each topic as related: the neighbourhood is read in both directions,
        # so "the hours?" after a day answer reaches the stress topic that lists the day.
        self._listed_by: dict[str, list[str]] = {}
        for topic in content.topics:
            for other in topic.related:
                self._listed_by.setdefault(other, []).append(topic.id)

    def neighbourhood(self, topic_id: str) -> tuple[str, ...]:
        """The topic in focus first, then the topics next to it, nearest first."""
        topic = self._content.topic(topic_id)
        if topic is None:
            return ()
        near = [topic.id, *topic.related, *([topic.counterpart] if topic.counterpart else [])]
        near += self._listed_by.get(topic.id, [])
        return tuple(dict.fromkeys(t for t in near if self._content.topic(t)))

    def by_words(self, words: list[str], topic_id: str) -> str | None:
        """The nearest topic of the neighbourhood whose focus words the follow-up holds."""
        return next((t for t in self.neighbourhood(topic_id) if self.holds(words, t)), None)

    def holds(self, words: list[str], topic_id: str) -> bool:
        return contains_any(words, self._words.get(topic_id, ()))

    def choose(self, words: list[str], match: MatchResult, topic_id: str, *, short: bool) -> str | None:
        """The topic a follow-up to `topic_id` asks about, or None to leave it to the matcher.

        The matcher reads the message alone. A match on a topic next to the last one stands. A
        match on the topic just shown, or a match outside the neighbourhood from a short message,
        gives way to the neighbour whose focus words the message holds, unless the message names
        the matched topic itself (_names): the user has just read that answer ("which is less work?"
        after the certificates asks for the comparison next to them), and a message of a few
        words with no subject of its own ("which is easier to get?") is read in the conversation
        it belongs to, where "is remote work common in Spain" names its subject. Without a match,
        the focus words decide."""
        worded = self.by_words(words, topic_id)
        if not match.topic:
            return worded
        near = self.among(match, topic_id)
        displaced = near == topic_id or (near is None and short)
        if worded and worded != match.topic and displaced and not self._names(words, match.topic, worded):
            return worded
        return near

    def _names(self, words: list[str], topic_id: str, worded: str) -> bool:
        """Whether the message names `topic_id` itself: it holds that topic's focus words, or the
        matcher still finds it once the words pointing to `worded` are taken out. "is agile used
        in germany?" after the pay answer stays on agile; "which is easier to get?" after the
        certificates says nothing once "easier" is gone, and nor does a rest of only function words."""
        if self.holds(words, topic_id):
            return True
        rest = without(words, self._words.get(worded, []))
        if all(word in self._no_subject for word in rest):
            return False  # "which one is": a match on it would be the matcher's guess, not the user's subject
        return self._matcher.match(" ".join(rest)).topic == topic_id

    def among(self, match: MatchResult, topic_id: str) -> str | None:
        """The matcher's best candidate that lies in the neighbourhood: its answer, else its
        suggestions in their order."""
        near = self.neighbourhood(topic_id)
        candidates = ((match.topic,) if match.topic else ()) + tuple(match.suggestions)
        return next((t for t in candidates if t in near), None)
