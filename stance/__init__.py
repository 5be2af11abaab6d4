"""stance: find attributed statements in news and label their stance.

Labels are ``escalatory``, ``de-escalatory``, ``self-defense`` and ``neutral``.
"""

from stance.constants import KINDS, LABELS
from stance.quotes import Quote

__version__ = "0.1.0"

__all__ = ["KINDS", "LABELS", "Quote", "__version__"]
