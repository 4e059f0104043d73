"""The Telegram channel: decode updates into engine events, send replies through the Bot API."""
