"""Test-session settings: messages in Vietnamese (the default) whatever the machine's locale.

Tests that check English messages ask for them (``--lang en``, ``use_language("en")`` or the
``english`` fixture). Every test starts in Vietnamese, even after an in-process ``--lang en``.
"""

import os

import pytest

os.environ["DINHMUC_LANG"] = "vi"


@pytest.fixture(autouse=True)
def _vietnamese_first():
    from dinhmuc.core.i18n import use_language

    with use_language("vi"):
        yield


@pytest.fixture
def english():
    """Messages in English for the test (the library's ``use_language("en")``)."""
    from dinhmuc.core.i18n import use_language

    with use_language("en"):
        yield
