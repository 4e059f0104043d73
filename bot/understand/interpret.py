"""The one interpreter of typed text: `interpret(text, context) -> Intent`.

It reads a message once, in a fixed order: no words or too long; another language; a quiz
answer (during the quiz); a command in words; a follow-up; small talk; frustration; then a
question for the topic matcher, with the chat's memory filling in what a short follow-up
leaves out, and the role guard keeping a question about one role off the other role's topics.
All the words it knows come from dialogues/ (language.yaml, small_talk.yaml, checklist.yaml).
"""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import BOTH_ROLES, Content
from bot.understand.answers import AnswerReader
from bot.understand.focus import TopicFocus
from bot.understand.follow_ups import FollowUps
from bot.understand.foreign import looks_foreign
from bot.understand.intents import (
    Command,
    Context,
    Decline,
    Frustrated,
    Intent,
    NotEnglish,
    QuizAnswer,
    SmallTalk,
    Suggestions,
    TopicAnswer,
    Unknown,
)
from bot.understand.matching import MatchResult, TopicMatcher, careful
from bot.understand.normalize import Normalizer
from bot.understand.phrases import PhraseBook, contains_any, named, without
from bot.understand.roles import RoleGuard
from bot.understand.text import clean, has_word
from bot.understand.vocabulary import content_texts

MAX_QUESTION_CHARS = 500  # longer texts get a polite "please ask a short question"
SHORT_QUESTION_WORDS = 5  # a question this short may lean on the previous answer ("which is cheaper?")


class Interpreter:
    def __init__(self, content: Content, matcher: TopicMatcher, normalizer: Normalizer | None = None) -> None:
        language = content.language
        self.content = content
        self.matcher = matcher
        # One normaliser for the interpreter and the matcher: the matcher's when it has one.
        found = normalizer or getattr(matcher, "normalizer", None)
        self.normalizer: Normalizer = (
            found
            if isinstance(found, Normalizer)
            else Normalizer(content_texts(content), language.shorthand, typo_correction=False)
        )
        words = self.normalizer.words
        fillers = language.filler_words
        quiet = fillers | language.polite_words
        self._small_talk = PhraseBook(
            ((p, g.id) for g in content.small_talk for p in g.phrases), words, language.filler_words
        )
        self._commands = PhraseBook(((p, n) for n, ps in language.commands.items() for p in ps), words, fillers, quiet)
        self._follow_ups = PhraseBook(
            ((p, k) for k, ps in language.follow_ups.items() for p in ps), words, fillers, quiet
        )
        self._answers = AnswerReader(content.answers, language, words)
        self._asking_back = PhraseBook(((p, True) for p in language.asking_back), words, fillers)
        # A credential names its role's side like the role's own name ("PMP or CAPM?"), but only
        # the role's names make a role-only follow-up ("and product managers?").
        self._roles = {
            role: [tuple(words(p)) for p in (*ps, *language.credential_names.get(role, ()))]
            for role, ps in language.role_names.items()
        }
        short_names = (language.role_names, language.role_follow_up_names)  # "and product managers?", "and product?"
        self._role_only = PhraseBook(
            ((p, r) for t in short_names for r, ps in t.items() for p in ps), words, fillers, quiet
        )
        self._openers = sorted((tuple(words(o)) for o in language.follow_up_openers), key=len, reverse=True)
        self._frustration = [tuple(words(p)) for p in language.frustration]
        self._pronouns = language.pronouns
        self._role_pronouns = language.role_pronouns
        # Words that may stand around "that" and a role's name in a comparison with the last subject.
        self._comparing = language.comparing_words
        self._comparison_glue = language.comparing_words | language.stop_words | fillers | language.pronouns
        self.guard = RoleGuard(content)
        self._follow = FollowUps(content, self.guard)
        # Follow-ups in context are read by the careful matcher (matching.py): they weigh how sure
        # it is, and a short fragment is where a cheaper model is sure too soon.
        self.careful = careful(matcher)
        self._focus = TopicFocus(content, words, self.careful)

    def interpret(self, text: str, ctx: Context) -> Intent:
        text = clean(text)
        if not has_word(text):
            emoji_answer = self._answers.read_emoji(text) if ctx.in_quiz else None
            return QuizAnswer(emoji_answer) if emoji_answer else Unknown("empty")
        if len(text) > MAX_QUESTION_CHARS:
            return Unknown("too_long")
        if looks_foreign(text, self.content.language, ctx.language_code):
            return NotEnglish()
        words = self.normalizer.words(text)
        chat = self._small_talk.sequence(words)
        # "right?" / "true?" check back on what was said: never an answer, whichever way it is read.
        answerable = not (text.endswith("?") and self._asking_back.whole(words))
        if ctx.in_quiz and answerable:
            # A whole small-talk message ("no idea", "maybe later") is not read by its first word.
            answer = self._answers.read(words, whole_only=chat is not None)
            if answer:
                return QuizAnswer(answer)
        command_at, command = self._commands.reading(words)
        follow_up_at, follow_up = self._follow_ups.reading(words)
        # A follow-up as written beats a command read only once words are left out ("what now"
        # after a result is not "what" = help), when there is something to follow up on.
        leads = follow_up is not None and follow_up_at < command_at and (ctx.topic or ctx.last == "result")
        if command and not (leads and not ctx.in_quiz):
            return Command(command)
        if follow_up:
            return self._follow.resolve(follow_up, ctx)
        if chat:
            return SmallTalk(chat)
        if not ctx.in_quiz and answerable:
            answer = self._answers.read(words)
            if answer:  # "yes" to the only offer the bot makes, or "no" to it
                return QuizAnswer(answer)
        return self._question(text, words, ctx)

    # --- questions ------------------------------------------------------------------------

    def _question(self, text: str, words: list[str], ctx: Context) -> Intent:
        if ctx.last == "suggest" and ctx.suggested:
            # After "did you mean...?" a follow-up leans on the best offer, not on the topic
            # answered before the question ("which is quicker to earn?" after the certificates).
            ctx = replace(ctx, topic=ctx.suggested[0])
        names = named(words, self._roles)
        rest = self._after_opener(words)
        if rest is not None and ctx.topic:
            role = self._role_only.whole(rest)
            if role:  # "and product managers?", "what about a project manager?"
                resolved = self._follow.for_role(ctx.topic, role, ctx)
                repeats = isinstance(resolved, TopicAnswer) and resolved.topic_id == ctx.topic
                return (self._about_role(role, ctx) or resolved) if repeats else resolved
        if not names and contains_any(words, self._frustration):
            return Frustrated()
        compared = self._compared_with_role(words, names, ctx)
        if compared:
            return compared
        short = len(words) <= SHORT_QUESTION_WORDS and self._knows_a_word(words)  # not "asdfgh"
        leans = bool(ctx.topic) and (rest is not None or bool(self._pronouns.intersection(words)) or short)
        matcher = self.careful if leans else self.matcher
        match = matcher.match(text)
        roles = names or ({ctx.focus} if leans and ctx.focus in self.guard.role_ids else set())
        if leans and ctx.topic:
            # Read against the topic in focus first: the question as typed, if it names a topic
            # next to the last one, else the words that keep it on one of those (focus.py).
            near = self._focus.choose(words, match, ctx.topic, short=len(words) <= SHORT_QUESTION_WORDS)
            if near:
                return self._in_focus(near, roles, names, ctx, match.score)
        if leans and (rest is not None or not match.topic):
            with_context = matcher.match(self._with_context(rest or words, names, ctx, switch=rest is not None))
            # The last topic's title, added to the question, must not pull back to that topic a
            # question that alone already offers other subjects: "what certifications exist"
            # after the pay answer would get the pay answer again.
            lead = with_context.topic or next(iter(with_context.suggestions), None)
            pulled_back = lead == ctx.topic and bool(match.suggestions) and ctx.topic not in match.suggestions
            if (with_context.topic or (not match.topic and with_context.suggestions)) and not pulled_back:
                match = with_context
        if leans and ctx.topic and not match.topic:
            # Unsure between topics: one next to the last answer is what a short follow-up means.
            near = self._focus.among(match, ctx.topic)
            if near:
                return self._in_focus(near, roles, names, ctx, match.score)
            if not roles and not match.suggestions:
                either = self._for_either_role(rest or words)
                if either:
                    return either
        return self._decide(match, roles, names, ctx)

    def _for_either_role(self, words: list[str]) -> TopicAnswer | None:
        """ "how would I switch" after "product or project?": lost alone, and no role in focus.
        Asked for each role in turn, the matcher names one subject for both (a topic and its
        counterpart): only the role is open, so the answer is the one it is surer of, whose
        first next step is the same subject for the other role."""
        found = []
        for role in self.content.roles:
            match = self.careful.match(" ".join([*words, "for a", role.person]))
            if not match.topic or self.guard.role_of(match.topic) != role.id:
                return None
            found.append((match.score, match.topic, role.id))
        topics = {topic for _, topic, _ in found}
        pairs = {frozenset((t.id, t.counterpart)) for t in map(self.content.topic, topics) if t and t.counterpart}
        if len(found) != 2 or pairs != {frozenset(topics)}:
            return None
        score, topic, role_id = max(found)
        return TopicAnswer(topic, role_id, via="focus", score=score)

    def _compared_with_role(self, words: list[str], names: set[str], ctx: Context) -> TopicAnswer | None:
        """The last topic, for "is that the same as a project manager?" after the scrum master:
        "that" is the subject just explained, set against the one role the message names, and
        the message says nothing else. Read alone it is about project managers, but the answer
        the user wants is the one they just read when it covers that role (the scrum master's
        answer compares it with project managers); after a topic about the other role only, it
        is left to the matcher."""
        topic = ctx.topic
        if not topic or len(names) != 1 or not (self._pronouns - self._role_pronouns).intersection(words):
            return None
        rest = without(words, (p for phrases in self._roles.values() for p in phrases))
        if not self._comparing.intersection(rest) or not set(rest) <= self._comparison_glue:
            return None
        role = next(iter(names))
        if self.guard.role_of(topic) not in (BOTH_ROLES, role):
            return None
        return TopicAnswer(topic, self.guard.focus_after(topic, names, ctx.focus), via="focus")

    def _in_focus(self, topic_id: str, roles: set[str], names: set[str], ctx: Context, score: float) -> Intent:
        """A topic chosen with the topic in focus, kept to the role asked about like any answer."""
        topic = self.guard.fit(topic_id, roles)
        if topic is None:
            return Unknown("unmatched", score)
        return TopicAnswer(topic, self.guard.focus_after(topic, names, ctx.focus), via="focus", score=score)

    def _about_role(self, role: str, ctx: Context) -> TopicAnswer | None:
        """The topic about `role` itself, for "and product managers?" after a comparison of the two
        roles: answering the comparison again would repeat the message the user just read. Only
        when the content links the two (the comparison and the role's own topic name each other
        in `related`): after a subject that covers both roles ("what the two roles pay") the same
        answer is still the right one, and the role's overview would drop the subject."""
        person = self._person(role)
        match = self.careful.match(person) if person else None
        topic = self.guard.fit(match.topic, {role}) if match and match.topic else None
        last = self.content.topic(ctx.topic or "")
        if match is None or topic is None or last is None or topic == last.id or self.guard.role_of(topic) != role:
            return None
        own = self.content.topic(topic)
        pair = {topic, own.counterpart} if own and own.counterpart else {topic}
        linked = bool(pair.intersection(last.related)) or any(
            last.id in t.related for t in map(self.content.topic, pair) if t
        )
        return TopicAnswer(topic, role, score=match.score, via="other_role") if linked else None

    def _knows_a_word(self, words: list[str]) -> bool:
        """Whether any word is one the content uses beyond the small words every sentence has."""
        stop = self.content.language.stop_words
        return any(w in self.normalizer.vocabulary and w not in stop for w in words)

    def _after_opener(self, words: list[str]) -> list[str] | None:
        """The words after a follow-up opener ("and", "what about"), or None without one."""
        for opener in self._openers:
            if tuple(words[: len(opener)]) == opener and len(words) > len(opener):
                return words[len(opener) :]
        return None

    def _with_context(self, words: list[str], names: set[str], ctx: Context, *, switch: bool) -> str:
        """The question with what it leaves out filled in from memory: "they" becomes the role in
        focus; a new subject ("and the skills?") is asked about that role; anything else is
        asked next to the last topic's title."""
        person = self._person(ctx.focus)
        filled = [person if (w in self._role_pronouns and person) else w for w in words]
        if switch:
            return " ".join(filled + ([f"for a {person}"] if person and not names else []))
        topic = self.content.topic(ctx.topic or "")
        return " ".join(filled) + (f" ({topic.title})" if topic else "")

    def _person(self, role_id: str | None) -> str | None:
        role = next((r for r in self.content.roles if r.id == role_id), None)
        return role.person if role else None

    def _decide(self, match: MatchResult, roles: set[str], names: set[str], ctx: Context) -> Intent:
        focus = next(iter(names)) if len(names) == 1 else ctx.focus  # kept with suggestions: the role named
        if match.topic and self.content.topic(match.topic):
            topic = self.guard.fit(match.topic, roles)
            if topic:
                return TopicAnswer(topic, self.guard.focus_after(topic, names, ctx.focus), score=match.score)
            nearest = self.guard.fit_all(self.content.topic(match.topic).related, roles)  # type: ignore[union-attr]
            return Suggestions(nearest, match.score, focus) if nearest else Unknown("unmatched", match.score)
        suggestions = self.guard.fit_all(match.suggestions, roles)
        if suggestions:
            return Suggestions(suggestions, match.score, focus)
        if match.declined:
            return Decline(match.declined, match.score)
        return Unknown("unmatched", match.score)
