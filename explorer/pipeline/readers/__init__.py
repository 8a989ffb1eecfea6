"""Readers for the formats users save news in besides text: web pages, PDF pages, Word files.

Each module exposes ``read_<format>(path)`` yielding documents (built with
:mod:`explorer.pipeline.documents`) or an :class:`~explorer.core.errors.InputError` naming
the file and the problem. :mod:`explorer.pipeline.corpus` imports a reader only when a file
of its format turns up.
"""
