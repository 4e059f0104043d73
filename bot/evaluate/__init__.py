"""Quality reports on evaluation files: single questions (through the whole interpreter, as a
user would get them) and multi-turn conversations, role probes and behaviour cases."""
