"""The reporting pages, one module per flow: the home dashboards, the référents' dashboards and sheets, the
letters, the programmation and the annual statistics."""
