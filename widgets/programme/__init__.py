"""Many workshops, one programme (issue 12).

A session travels home from an offline laptop as a *bundle* (``bundle.py``: one zip that is a
Frictionless data package, pseudonymous, with checksums); bundles merge idempotently into a
*programme store* (``store.py``: separate ``programme_*`` tables, keyed by laptop id + session
code, on SQLite or PostgreSQL); ``figures.py`` computes the programme report's numbers and
``widgets/documents/programme.py`` prints them. ``command.py`` holds ``waspada export``,
``waspada import`` and ``waspada programme``."""

from .bundle import BundleError, export_bundle, read_bundle

__all__ = ["BundleError", "export_bundle", "read_bundle"]
