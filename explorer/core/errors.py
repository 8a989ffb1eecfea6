"""Typed, expected failures: shown to the user as one line naming the file and the problem."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be imported (binary, empty, undecodable, too large, gone…).

    Parameters
    ----------
    path
        The file (or ``file:line`` for a record of a JSONL/CSV corpus) at fault.
    problem
        What is wrong, in words a user can act on.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
