"""SCRATCH: not committed."""

from __future__ import annotations

from tests.telegram.conftest import BotHarness
from tests.telegram.driver import leaning, stored_state


def dump(bot, chat_id, label, extra=""):
    bot.fake.wait_quiet()
    with open("/tmp/ut3/explore3.txt", "a") as f:
        f.write(f"\n===== {label} (chat {chat_id}) {extra}\n")
        for m in bot.fake.messages(chat_id):
            f.write(f"--[{m.message_id}] {m.text[:150]!r} buttons={m.buttons}\n")


def test_double_tap(bot: BotHarness, content) -> None:
    chat = bot.chat(9101)
    [q] = chat.send("/start quiz")
    data_yes, data_no = q.callback_data[0], q.callback_data[2]
    a = bot.fake.push_callback(9101, q.message_id, data_yes)
    b = bot.fake.push_callback(9101, q.message_id, data_yes)
    c = bot.fake.push_callback(9101, q.message_id, data_no)
    bot.fake.wait_quiet(1.0)
    st = stored_state(bot.data_dir, 9101)
    toasts = [bot.fake.callback(x).answer_text for x in (a, b, c)]
    dump(bot, 9101, "double tap", f"pos={st.position} answers={st.answer_map()} toasts={toasts}")


def test_old_buttons(bot: BotHarness, content) -> None:
    chat = bot.chat(9102)
    [menu] = chat.send("/start")
    chat.send("/quiz")
    chat.answer("yes")
    # old menu's Take the quiz mid-quiz
    toast, _ = chat.press("📝 Take the quiz", message_id=menu.message_id)
    bot.fake.wait_quiet()
    st = stored_state(bot.data_dir, 9102)
    dump(bot, 9102, "old menu quiz mid-quiz", f"toast={toast} pos={st.position}")
    res = chat.answer_all(leaning(content, product="yes", project="no"))
    chat.send("/quiz")
    chat.answer("no")
    toast, _ = chat.press("🔄 Retake the quiz", message_id=res.message_id)
    bot.fake.wait_quiet()
    st = stored_state(bot.data_dir, 9102)
    dump(bot, 9102, "old retake mid-new-quiz", f"toast={toast} pos={st.position} mode={st.mode} pending={st.pending}")
    chat.send("/forget")
    toast, _ = chat.press("🏠 Menu", message_id=res.message_id)
    bot.fake.wait_quiet()
    chat.press("Becoming a product manager", message_id=res.message_id)
    dump(bot, 9102, "after forget old result buttons", f"toast={toast}")
