"""The roles a walkbot user can have, and how they read. No imports: ``walkbot``'s argument parsers read these
at start-up, before any command runs (``bot/walks/roles.py`` changes roles)."""

ROLES = ("l1", "engineer", "admin")
ROLE_LABELS = {"l1": "L1 technician", "engineer": "engineer", "admin": "walkbot admin"}
