"""A whole conversation as a user has it: pressing the buttons the bot showed, typing, digressing."""

from __future__ import annotations

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.conversation import Conversation
from bot.engine import Button, ButtonEvent, Engine, Transition
from bot.engine.events import text_to_event
from bot.store import MemoryStore

CHAT = 42


class User:
    """Talks to the bot through the shared conversation loop and remembers what it last saw."""

    def __init__(self, engine: Engine) -> None:
        self.store = MemoryStore()
        self.conversation = Conversation(engine, self.store)
        self.seen: list[Button] = []
        self.last: Transition | None = None
        self.update_id = 100

    def _handle(self, event) -> str:
        self.update_id += 1
        t = self.conversation.handle(CHAT, event, self.update_id)
        assert t is not None
        self.last = t
        moved = (t.edit_pressed,) if t.edit_pressed and t.edit_pressed.buttons else ()
        if t.replies or moved:  # a quiet toast leaves the buttons on screen as they were
            self.seen = [b for reply in moved + t.replies for row in reply.buttons for b in row]
        return "\n\n".join(strip_tags(r.text) for r in t.replies)

    def types(self, text: str) -> str:
        return self._handle(text_to_event(text))

    def presses(self, label_start: str) -> str:
        matches = [b for b in self.seen if b.label.startswith(label_start)]
        assert matches, f"no button starting {label_start!r} among {[b.label for b in self.seen]}"
        return self._handle(ButtonEvent(matches[0].data))

    def presses_old(self, button: Button) -> str:
        return self._handle(ButtonEvent(button.data))

    @property
    def state(self):
        return self.store.load(CHAT).state


def test_a_full_conversation(engine: Engine, content: Content) -> None:
    user = User(engine)

    said = user.types("/start")
    assert "Hi, I'm RoleFit" in said
    said = user.presses("📝 Take the quiz")
    assert said.startswith("Question 1 of 9")

    said = user.presses("Yes")
    assert said.startswith("Question 2 of 9")

    said = user.types("somewhat")  # typed instead of pressed
    assert said.startswith("Question 3 of 9")
    question_3_buttons = list(user.seen)

    # A digression mid-quiz: answered, then question 3 again.
    said = user.types("What does a project manager do")
    assert "timelines" in said and "budget" in said
    assert said.rstrip().endswith(strip_tags(content.statements[2].text))
    assert "Question 3 of 9" in said
    assert user.state.position == 2

    said = user.presses("No")
    assert said.startswith("Question 4 of 9")

    said = user.types("/back")
    assert said.startswith("Question 3 of 9")
    assert dict(user.state.answers)[content.statements[2].id] == "no"

    said = user.presses("Yes")
    assert said.startswith("Question 4 of 9")
    assert dict(user.state.answers)[content.statements[2].id] == "yes"

    # An old button from question 3 has expired now.
    stale = next(b for b in question_3_buttons if b.label.startswith("Somewhat"))
    said = user.presses_old(stale)
    assert said == ""  # a quiet toast; the chat is not cluttered with another copy
    assert user.last.notice == content.text("stale_button_notice")
    assert user.state.position == 3

    # /start mid-quiz offers to carry on.
    said = user.types("/start")
    assert "question 4 of 9" in said
    said = user.presses("▶️")
    assert said.startswith("Question 4 of 9")

    # Product statements Yes, project statements No from here on.
    while user.state.mode == "quiz":
        statement = content.statements[user.state.position]
        said = user.presses("Yes" if statement.role == "product_manager" else "No")

    first_line = said.splitlines()[0]
    assert "Product management" in first_line and "Project management" not in first_line
    assert "100% Product management" in said
    assert user.state.mode == "idle" and user.state.answers == ()

    said = user.presses("🔄 Retake")
    assert said.startswith("Question 1 of 9")
    said = user.types("/cancel")
    assert content.text("quiz_cancelled") in said
    assert user.state.mode == "idle"

    said = user.types("/forget")
    assert user.last.forget
    assert user.store.raw(CHAT) is None


def test_a_redelivered_update_is_not_applied_twice(engine: Engine, content: Content) -> None:
    user = User(engine)
    user.types("/quiz")
    yes = next(b for b in user.seen if b.label.startswith("Yes"))
    assert user.conversation.handle(CHAT, ButtonEvent(yes.data), 500) is not None
    assert user.conversation.handle(CHAT, ButtonEvent(yes.data), 500) is None
    assert user.state.position == 1 and len(user.state.answers) == 1
