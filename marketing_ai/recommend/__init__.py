"""Recommendations: interactions -> confidence matrix -> models -> precomputed top-N -> pages and REST.

Modules: ``data`` (matrix builder), ``algorithms`` (one ``Recommender`` interface), ``evaluate``
(split and metrics), ``search`` (bounded hyperparameter search), ``training`` (runs and the atomic
swap), ``serve`` (what pages, REST and the assistant call). Only ``serve`` is imported by pages, and
it never imports torch or implicit.
"""
