"""A signature as the pad draws it: a PNG, or the data URL the page sends."""

import base64
import io

from PIL import Image


def png(couleur=(0, 0, 90)) -> bytes:
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50 + (x % 17) - 8), couleur)
    tampon = io.BytesIO()
    image.save(tampon, format="PNG")
    return tampon.getvalue()


def data_url(octets: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(octets).decode()
