"""The role guard: a question that names one role is never answered with a topic about the
other. A topic of the wrong role gives way to its counterpart (the same subject for the role
asked about), which every one-role topic names (checked when the content loads)."""

from __future__ import annotations

from bot.content.model import BOTH_ROLES, Content


class RoleGuard:
    def __init__(self, content: Content) -> None:
        self._content = content
        self.role_ids = tuple(r.id for r in content.roles)

    def role_of(self, topic_id: str) -> str:
        topic = self._content.topic(topic_id)
        return topic.role if topic else BOTH_ROLES

    def fit(self, topic_id: str, roles: set[str]) -> str | None:
        """The topic to answer for a question about `roles`: the topic itself, its counterpart
        when it is about the other role, or None when neither fits."""
        role = self.role_of(topic_id)
        if len(roles) != 1 or role == BOTH_ROLES or role in roles:
            return topic_id
        topic = self._content.topic(topic_id)
        counterpart = topic.counterpart if topic else None
        return counterpart if counterpart and self.role_of(counterpart) in roles else None

    def fit_all(self, topic_ids: tuple[str, ...], roles: set[str]) -> tuple[str, ...]:
        fitted = (self.fit(t, roles) for t in topic_ids)
        return tuple(dict.fromkeys(t for t in fitted if t))

    def focus_after(self, topic_id: str, named: set[str], focus: str | None) -> str | None:
        """The role in focus once `topic_id` is answered: the topic's own role, else the one
        role the question named, else the focus as it was."""
        role = self.role_of(topic_id)
        if role != BOTH_ROLES:
            return role
        return next(iter(named)) if len(named) == 1 else focus

    def other(self, role: str | None) -> str | None:
        """The other role of two; None when there is no single role in focus."""
        others = [r for r in self.role_ids if r != role]
        return others[0] if role in self.role_ids and len(others) == 1 else None
