"""Test-session settings: messages in Vietnamese (the default) whatever the machine's locale.

Tests that check English messages ask for them (``--lang en`` or ``use_language("en")``).
"""

import os

os.environ["DINHMUC_LANG"] = "vi"
