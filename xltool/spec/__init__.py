"""The one spec of the 国办公开办函〔2021〕30号 format: everything else derives from it.

* ``format``: the official format: sections, 基本信息 fields, the three tables with labels, merges and data cells;
* ``rules``: the rule catalogue (ids, severities, messages), the tables' identities, the thresholds;
* ``layout``: the clerk's workbook: sheets, entry places, live-check words, palette, ribbon labels, result columns.

``from xltool import spec`` then ``spec.TABLES``, ``spec.rule("T-1")``… : the package re-exports all three.
"""

from .format import *  # noqa: F403
from .layout import *  # noqa: F403
from .rules import *  # noqa: F403
