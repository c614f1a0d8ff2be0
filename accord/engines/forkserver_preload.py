"""Imported once by the forkserver that ``--engine dask --workers N`` starts its workers from (see
:mod:`accord.engines.dask_engine`): the worker runtime and the coder are loaded here, before any worker is
forked, so N workers cost one model load and one import of dask, not N, and each worker starts with its
pipeline already in memory (shared with its siblings until written). Only the default coder is loaded: a
``--petrarch-*`` coder is built by the first partition, from the pipeline already loaded here."""

from __future__ import annotations

import distributed  # noqa: F401 - what every worker runs on, imported once for all of them

from accord.engines.worker import CoderSpec, init_process

init_process(CoderSpec())  # never raises: a failure (no spaCy model) is raised again by the first partition
