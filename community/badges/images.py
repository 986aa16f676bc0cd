"""Badge images: the class's uploaded image as PNG, or a generated medal when it has none."""

import io

from PIL import Image, ImageDraw

SIZE = 400
COLOURS = {2: ("#1d4f91", "#e8f0fb"), 3: ("#0b6e4f", "#e6f5ef")}


def generated_png(badge_class):
    ring, fill = COLOURS.get(badge_class.layer, ("#5a5a5a", "#f0f0f0"))
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, SIZE - 10, SIZE - 10), fill=ring)
    draw.ellipse((40, 40, SIZE - 40, SIZE - 40), fill=fill)
    draw.text((SIZE / 2, SIZE / 2 - 30), "Manabi DX Quest", fill=ring, anchor="mm", font_size=30)
    draw.text(
        (SIZE / 2, SIZE / 2 + 40),
        f"Layer {badge_class.layer}",
        fill=ring,
        anchor="mm",
        font_size=56,
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def badge_png(badge_class):
    """The PNG bytes baked into every award of this class."""
    if badge_class.image_id:
        with badge_class.image.open_file() as handle, Image.open(handle) as image:
            image = image.convert("RGBA")
            image.thumbnail((SIZE, SIZE))
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    return generated_png(badge_class)
