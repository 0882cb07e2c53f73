"""The walk engine: a pure function from (state, action) to (new state, view model).

No Slack, no SQL, no clock: callers pass the time and the flows in. The Slack
handlers, the terminal walk and the AI builder all drive walks through ``apply``.
"""

from bot.engine.actions import (
    Abandon,
    Action,
    AddNote,
    Back,
    Choose,
    Continue,
    DeleteNote,
    DidntWork,
    EditNote,
    Escalate,
    FollowLink,
    RecordStep,
    Resolve,
    ServeNode,
    SubmitInput,
)
from bot.engine.errors import InvalidAction, StaleAction, WalkError
from bot.engine.state import WalkContext, WalkState
from bot.engine.view import ButtonView, NodeView, StepView, view_of
from bot.engine.walk import Outcome, apply, start_walk

__all__ = [
    "Abandon",
    "Action",
    "AddNote",
    "Back",
    "ButtonView",
    "Choose",
    "Continue",
    "DeleteNote",
    "DidntWork",
    "EditNote",
    "Escalate",
    "FollowLink",
    "InvalidAction",
    "NodeView",
    "Outcome",
    "RecordStep",
    "Resolve",
    "ServeNode",
    "StaleAction",
    "StepView",
    "SubmitInput",
    "WalkContext",
    "WalkError",
    "WalkState",
    "apply",
    "start_walk",
    "view_of",
]
