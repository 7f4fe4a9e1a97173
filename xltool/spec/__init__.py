"""The one spec of the 国办公开办函〔2021〕30号 format: everything else derives from it.

``from xltool import spec`` then ``spec.TABLES``, ``spec.rule("T-1")``… keeps working: the package re-exports its parts.
"""

from .format import *  # noqa: F403
