"""The simulation engine: the model of ``docs/specification.md`` sections 2-7 and 10.

Modules, from the entry point down:

* :mod:`.simulate` — :func:`~.simulate.simulate`: validate, run either engine, frame.
* :mod:`.results` — :class:`~.results.SimulationResult` and the table builders.
* :mod:`.storage` — saving a result as one committed set of files, and loading it
  (the file format itself is in :mod:`.runfiles`).
* :mod:`.summary` — the summary table: round statistics, project statistics over
  a replicate's tables (the reference path), and joining them.
* :mod:`.rules` — the statistic rules the kernels and the table functions share
  (Kaplan–Meier median, hazard ratio, leader to follower), numba-compiled.
* :mod:`.reference` — the reference engine: the specification in plain Python.
* :mod:`.driver` — the compiled engine's driver: parameters, chunks, threads.
* :mod:`.kernels` — the numba kernels, mirroring the reference step by step.
* :mod:`.records` — the layout of every record (round, event, panel, project
  statistics, summary): field names and column indices, once.
* :mod:`.seeding` — one random stream per (seed, replicate).
* :mod:`.tables` — per-configuration lookup tables shared by both engines.

The engine imports nothing above it (analysis, experiments, plots, study, cli;
``tests/test_layers.py`` checks it). Importing this package is light; numba
loads with the modules that compile (:mod:`.rules`, :mod:`.kernels`).
"""
