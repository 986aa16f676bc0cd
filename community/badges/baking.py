"""Baking: putting the badge data into its image, and reading it back (unbaking).

PNG: one ``iTXt`` chunk, keyword ``openbadges`` (2.0 assertion JSON) or
``openbadgecredential`` (3.0 VC-JWT), written and read by Pillow.
SVG: an ``openbadges:assertion`` (2.0) or ``openbadges:credential`` (3.0) element in
the ``http://openbadges.org`` namespace; uploaded SVG is parsed with defusedxml.
"""

import base64
import io

from defusedxml import ElementTree
from django.utils.html import escape
from PIL import Image, PngImagePlugin

OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"
SVG_NAMESPACE = "http://openbadges.org"
SVG_ELEMENTS = {OB2_KEYWORD: "assertion", OB3_KEYWORD: "credential"}


class NotBaked(ValueError):
    pass


def bake_png(image_bytes, keyword, text):
    """Return the PNG with exactly one iTXt chunk ``keyword`` holding ``text``."""
    with Image.open(io.BytesIO(image_bytes)) as image:
        image.load()
        info = PngImagePlugin.PngInfo()
        info.add_itxt(keyword, text, zip=False)
        out = io.BytesIO()
        # Only the chunks in ``info`` are written, so an earlier badge's data is never carried over.
        image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(image_png_bytes, keyword, text, *, verify_url, title):
    """An SVG badge showing the PNG image, carrying the badge data."""
    element = SVG_ELEMENTS[keyword]
    encoded = base64.b64encode(image_png_bytes).decode()
    with Image.open(io.BytesIO(image_png_bytes)) as image:
        width, height = image.size
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{SVG_NAMESPACE}" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">\n'
        f"<title>{escape(title)}</title>\n"
        f'<openbadges:{element} verify="{escape(verify_url)}">{cdata(text)}</openbadges:{element}>\n'
        f'<image width="{width}" height="{height}" xlink:href="data:image/png;base64,{encoded}"/>\n'
        "</svg>\n"
    ).encode()


def unbake_png(data):
    """Return {keyword: text} for the Open Badges iTXt chunks of a PNG."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise NotBaked("not a PNG")
            found = {k: v for k, v in image.info.items() if k in (OB2_KEYWORD, OB3_KEYWORD)}
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise NotBaked("unreadable image") from exc
    if not found:
        raise NotBaked("no badge data")
    return {k: str(v) for k, v in found.items()}


def unbake_svg(data):
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises several types for hostile or broken XML
        raise NotBaked("unreadable SVG") from exc
    found = {}
    for keyword, element in SVG_ELEMENTS.items():
        node = root.find(f"{{{SVG_NAMESPACE}}}{element}")
        if node is not None:
            found[keyword] = (node.text or "").strip() or node.get("verify", "")
    if not found:
        raise NotBaked("no badge data")
    return found


def unbake(data):
    """Badge data from an uploaded PNG or SVG."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return unbake_png(data)
    return unbake_svg(data)
