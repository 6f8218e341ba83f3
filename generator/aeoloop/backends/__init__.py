"""Generation backends, chosen by registered name (see :mod:`aeoloop.backends.registry`)."""
