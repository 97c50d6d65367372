"""One module per sheet (or pair of sheets) of the template, each a part of ``Moteur``."""
