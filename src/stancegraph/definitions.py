"""Numbers fixed by the definitions (DESIGN §4), spelled once for every layer that needs them."""

from __future__ import annotations

#: A stance with confidence at or above this is *explicit* (the quote names the actor and states
#: the stance); below it, *inferred* (its ``sg:note`` starts with "Implied").
EXPLICIT_CONFIDENCE = 0.8

#: Confidence of a stance without ``sg:confidence``.
DEFAULT_CONFIDENCE = 1.0

#: A stance with polarity at or below this and salience at or above ``RED_LINE_SALIENCE`` is a
#: red line: the actor rejects any scenario that includes the position.
RED_LINE_POLARITY = -0.75
RED_LINE_SALIENCE = 0.9

#: Minimum |S-score| for an alignment edge in the signed actor graph (``--threshold``).
DEFAULT_THRESHOLD = 0.5
