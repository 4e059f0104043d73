"""The content store: YAML in dialogues/ loaded into validated, frozen dataclasses."""

from bot.content.loader import load_content
from bot.content.model import AnswerOption, Content, NotCovered, Role, SmallTalk, Statement, Topic
from bot.content.yaml_source import ContentError

__all__ = [
    "AnswerOption",
    "Content",
    "ContentError",
    "NotCovered",
    "Role",
    "SmallTalk",
    "Statement",
    "Topic",
    "load_content",
]
