"""Follow-ups resolved against the chat's memory: "tell me more", "and the other role?",
"give me an example", "why?"."""

from __future__ import annotations

from bot.content.model import BOTH_ROLES, Content
from bot.understand.intents import Context, FollowUp, Intent, Suggestions, TopicAnswer
from bot.understand.roles import RoleGuard


class FollowUps:
    def __init__(self, content: Content, guard: RoleGuard) -> None:
        self._content = content
        self._guard = guard

    def resolve(self, kind: str, ctx: Context) -> Intent:
        if ctx.last == "suggest" and ctx.suggested and kind in ("more", "next_steps", "other_role"):
            return self.after_offer(kind, ctx)
        if kind in ("why", "more") and ctx.last == "result":
            return FollowUp("why")  # the engine explains the result
        if kind == "next_steps":
            if ctx.last == "result":
                return FollowUp("next_steps")  # the engine knows the result's best role
            kind = "more"  # after a topic, the next step is the natural next topic
        if kind == "example":
            return self.example(ctx)
        topic = self._content.topic(ctx.topic) if ctx.topic else None
        if topic is None:
            return FollowUp(kind)
        if kind == "other_role":
            return self.for_role(topic.id, self._guard.other(ctx.focus), ctx)
        following = self._next_topic(topic.id, ctx.focus, ctx.shown)
        return TopicAnswer(following, ctx.focus, via=kind) if following else FollowUp(kind)

    def after_offer(self, kind: str, ctx: Context) -> Intent:
        """After "did you mean...?": "tell me more" takes the first offer (the matcher's best
        guess), and "and the other role?" offers the same subjects for the other role. The topic
        answered before the question belongs to an older subject."""
        if kind != "other_role":
            first = ctx.suggested[0]
            return TopicAnswer(first, self._guard.focus_after(first, set(), ctx.focus), via=kind)
        role = self._guard.other(ctx.focus)
        offers = self._guard.fit_all(ctx.suggested, {role}) if role else ()
        return Suggestions(offers, focus=role, via="other_role") if offers else FollowUp("other_role")

    def for_role(self, topic_id: str, role: str | None, ctx: Context) -> Intent:
        """The last subject again, for `role`: a one-role topic's counterpart, or a topic about
        both roles itself (its answer already covers the other role)."""
        topic = self._content.topic(topic_id)
        if topic is None or role is None:
            return FollowUp("other_role")
        if topic.role in (BOTH_ROLES, role):
            return TopicAnswer(topic.id, role, via="other_role")
        counterpart = self._guard.fit(topic.id, {role})
        return TopicAnswer(counterpart, role, via="other_role") if counterpart else FollowUp("other_role")

    def example(self, ctx: Context) -> Intent:
        examples = self._content.language.example_topics
        role = ctx.focus if ctx.focus in examples else None
        if role is None and ctx.topic:
            role = self._guard.role_of(ctx.topic)
        if role is not None and role in examples:
            return TopicAnswer(examples[role], role, via="example")
        return Suggestions(tuple(examples.values())) if examples else FollowUp("example")

    def _next_topic(self, topic_id: str, focus: str | None, shown: tuple[str, ...]) -> str | None:
        """The natural next topic: a related topic about the role in focus, else one about both
        roles, else any related one; in each group the first not shown recently. "Tell me more"
        after "what does a project manager do?" wants more on that role (its example, its day),
        not the general comparison it may lead to; and after salaries -> job outlook it wants
        something new, not salaries again. When every related topic was shown recently, the one
        shown longest ago."""
        topic = self._content.topic(topic_id)
        related = [t for t in (topic.related if topic else ()) if t != topic_id]
        own = [t for t in related if focus is not None and self._guard.role_of(t) == focus]
        fitting = [t for t in related if self._guard.role_of(t) in (BOTH_ROLES, focus) or focus is None]
        for group in (own, fitting, related):
            fresh = [t for t in group if t not in shown]
            if fresh:
                return fresh[0]
        choices = own or fitting or related
        # All shown: the stalest first (`shown` is oldest first).
        return min(choices, key=shown.index) if choices else None
