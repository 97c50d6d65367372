"""The contrat d'engagement every participant signs at entry (seed 002): its content from the parcours and the
texts the structure d'animation writes (``contenu``), its A4 PDF (``rendre``); the services that sign it on screen
or file the signed paper are in parcours/services/contrats.py."""
