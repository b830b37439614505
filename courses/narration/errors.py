"""The one exception family of the narrated-video maker, for callers to catch."""


class NarrationError(RuntimeError):
    """Making a narrated video failed; the message says which step and why."""
