"""Who the user is, for the who/when of curation and place fixes."""

from __future__ import annotations

import getpass


def login_name() -> str:
    """The login name, or ``"user"`` where there is none: a container's uid without a passwd
    entry makes ``getpass.getuser()`` raise, and nothing should fail over a label."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "user"
