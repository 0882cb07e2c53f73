"""Why the engine refused an action. A refused action never changes the state."""


class WalkError(Exception):
    """Base class; ``str(error)`` is a sentence a technician can read."""


class StaleAction(WalkError):
    """The action answers a step that is no longer current: an old card or a double click."""


class InvalidAction(WalkError):
    """The action makes no sense here: a finished walk, an option the node lacks, back at the start."""
