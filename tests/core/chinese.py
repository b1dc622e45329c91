"""What Chinese text looks like to the checks of tests/core: its characters and the half-width punctuation that
should not stand beside them."""

import re

CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HALF_WIDTH = "[:(),;?]"
HALF_BY_CJK = re.compile(rf"{CJK}\s*{HALF_WIDTH}|{HALF_WIDTH}\s*{CJK}")
# The same on one line of a page's text (where each text node is a line of its own).
HALF_BY_CJK_ON_A_LINE = re.compile(rf"{CJK}[ \t]*{HALF_WIDTH}|{HALF_WIDTH}[ \t]*{CJK}")
