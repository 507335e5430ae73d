"""Compatibility name: the papers now live in :mod:`dinhmuc.dossier.papers`, one module per paper."""

from __future__ import annotations

from .papers import *  # noqa: F401,F403
from .papers import __all__  # noqa: F401
