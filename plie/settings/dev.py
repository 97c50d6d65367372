"""Embedded mode for a local demo: everything from base.py's defaults."""

from plie.settings.base import *  # noqa: F403
