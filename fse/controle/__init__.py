"""Ahead of a contrôle de service fait: the readiness board of an operation's participations (``preparation``) and
the controller's package for a sample of them (``paquet``)."""
