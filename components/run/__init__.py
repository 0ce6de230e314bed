"""Run: :func:`~components.run.analyze.analyze`, articles in and an
:class:`~components.run.analyze.Analysis` (every table) out, reusing the store and analysing the
rest in this process, in worker processes or on a Dask cluster (:mod:`.engines`).

The command line and the dashboard both call it. May import every package but the CLI.
"""
