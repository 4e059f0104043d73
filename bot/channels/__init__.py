"""Channels translate between a transport (Telegram, a terminal) and engine events/replies."""
