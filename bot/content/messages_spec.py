"""Which messages the code needs and which {placeholders} each one may use.

The loader checks dialogues/messages.yaml against this, so a missing message or a typo in a
placeholder is caught when the content loads, not when a user reaches that message.
"""

from __future__ import annotations

from collections.abc import Mapping

NUMBER_TOTAL = frozenset({"number", "total"})

MESSAGE_FIELDS: Mapping[str, frozenset[str]] = {
    "welcome": frozenset(),
    "menu_prompt": frozenset(),
    "resume_offer": NUMBER_TOTAL,
    "button_quiz": frozenset(),
    "button_ask": frozenset(),
    "button_compare": frozenset(),
    "button_help": frozenset(),
    "button_about": frozenset(),
    "button_menu": frozenset(),
    "button_resume": frozenset(),
    "button_restart": frozenset(),
    "button_retake": frozenset(),
    "button_back": frozenset(),
    "button_confirm_restart": frozenset(),
    "button_confirm_cancel": frozenset(),
    "button_keep_going": frozenset(),
    "help": frozenset(),
    "source_line": frozenset({"sources"}),  # under each FAQ answer: "Source: <a>title</a>"
    "sources_line": frozenset({"sources"}),  # the same with more than one source
    "about": frozenset(),
    "ask_prompt": frozenset(),
    "compare_intro": frozenset(),
    "question": NUMBER_TOTAL | {"statement"},
    "answered": NUMBER_TOTAL | {"statement", "answer"},
    "question_answered_before": frozenset({"answer"}),
    "no_such_choice": frozenset({"choice"}),
    "back_at_first": frozenset(),
    "quiz_not_running": frozenset(),
    "quiz_cancelled": frozenset(),
    "confirm_restart": frozenset({"count"}),
    "confirm_cancel": frozenset({"count"}),
    "kept_going": frozenset(),
    "no_result_yet": frozenset(),
    "result_why": frozenset(),
    "follow_up_unclear": frozenset(),
    "not_english": frozenset(),
    "frustrated": frozenset(),
    "fallback_again": frozenset(),
    "stale_button_notice": frozenset(),
    "answer_notice": frozenset({"answer"}),
    "result_title_clear": frozenset({"role"}),
    "result_title_close": frozenset({"role"}),
    "result_title_weak": frozenset({"role"}),
    "result_title_tie": frozenset({"role"}),
    "result_title_none": frozenset(),
    "result_close_note": frozenset({"role", "person"}),
    "result_tie_note": frozenset({"role", "person"}),
    "result_weak_note": frozenset(),
    "result_scores": frozenset(),
    "result_reasons": frozenset(),
    "result_reason_line": frozenset({"answer", "reason"}),
    "result_reasons_level": frozenset({"role"}),
    "result_next": frozenset(),
    "result_disclaimer": frozenset(),
    "quiz_answer_hint": frozenset(),
    "did_you_mean": frozenset(),
    "fallback": frozenset({"topics"}),
    "fallback_topic_line": frozenset({"title"}),
    "empty_text": frozenset(),
    "answer_outside_quiz": frozenset(),
    "too_long": frozenset({"limit"}),
    "unsupported": frozenset(),
    "unsupported_edited": frozenset(),
    "unknown_command": frozenset({"command"}),
    "forgotten": frozenset(),
    "slow_down": frozenset(),
    "error": frozenset(),
    "console_hello": frozenset(),
    "console_no_token": frozenset(),
}

# Commands shown in Telegram's menu, in this order; each has a `command_<name>` description.
MENU_COMMANDS = ("start", "quiz", "back", "cancel", "restart", "compare", "help", "about", "forget")
MESSAGE_FIELDS = {**MESSAGE_FIELDS, **{f"command_{name}": frozenset() for name in MENU_COMMANDS}}
