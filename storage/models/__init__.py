"""All tables, imported together so ``Base.metadata`` is complete for alembic and queries."""

from storage.models.account import Account
from storage.models.base import Base
from storage.models.escalation import Escalation
from storage.models.flow_proposal import FlowProposal
from storage.models.psa_outbox import PsaOutbox
from storage.models.session_event import SessionEvent
from storage.models.slack_event import SlackEvent
from storage.models.tree import Tree
from storage.models.user import User
from storage.models.walk_session import L1WalkSession

__all__ = [
    "Account",
    "Base",
    "Escalation",
    "FlowProposal",
    "L1WalkSession",
    "PsaOutbox",
    "SessionEvent",
    "SlackEvent",
    "Tree",
    "User",
]
