"""The accompaniment's pages, one module per flow: the dossier, its elements (entry, étapes, entretiens, exit…),
documents, the file active, prescriptions, the commission, transfers and covers."""
