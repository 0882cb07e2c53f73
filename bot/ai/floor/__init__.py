"""The text layer of the safety floor: an action on a protected object, found from structure.

docs/safety.md is the policy this implements. The package, one concept per module:

- ``verbs``: the actions the floor knows, and what a rule and its policy are;
- ``clauses``: a step split into clauses, each with its mode (talk, read, act);
- ``windows``, ``data``, ``identity``, ``infrastructure``: the protected objects and command forms
  of each class, grouped by where the object lives;
- ``exceptions``: the policy's ordinary exceptions (the user's own Recycle Bin, caches, …);
- ``decision``: which rule a step breaks, and the words that triggered it.
- ``literals``: speed only, the words a pattern cannot match without (a scan is skipped when none is there).
"""

from bot.ai.floor.clauses import Clause, split_clauses
from bot.ai.floor.decision import Hit, match_text

__all__ = ["Clause", "Hit", "match_text", "split_clauses"]
