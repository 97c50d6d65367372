"""Émargement: the sheet each physical contact (an entretien in person, a collective session) is signed on, as the
FSE+ control asks (docs/fse.md) — what it says (``contenu``), its one door (``services``), the board of contacts
still without a signed sheet (``lectures``)."""
