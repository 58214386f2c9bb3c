"""The score a story needs to count as truly ready, apart so lists can read it without the check."""

from __future__ import annotations

# A story scoring this or more counts as truly ready (coverage, the list's badge); below it,
# a story with all four parts is still weak. 70 lets one real problem through (a result with
# no measure costs 15) but not two.
READY_SCORE = 70
