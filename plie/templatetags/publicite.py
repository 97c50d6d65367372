"""``{% bandeau_fse %}``: the EU emblem, the mention and the programme (plie/publicite.py) on a page or a PDF."""

from django import template

from plie import publicite

register = template.Library()


@register.inclusion_tag("plie/_bandeau_fse.html")
def bandeau_fse(pdf: bool = False):
    return {**publicite.bandeau(), "pdf": pdf}
