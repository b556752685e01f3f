"""Draw Massar's icons once (static/icons/): a green tile with a rising path and a gold point, the same drawing as
static/icons/massar.svg. Run with the project's Python when the drawing changes: .venv/bin/python scripts/make_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN, WHITE, GOLD = (11, 110, 79, 255), (255, 255, 255, 255), (242, 193, 78, 255)
ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
# The drawing on a 64-unit grid, as in massar.svg.
PATH = [(14, 46), (26, 30), (36, 38), (50, 18)]
STROKE, DOT = 6, (50, 18, 5)
SUPERSAMPLE = 4


def tile(size: int, *, rounded: bool, scale: float = 1.0) -> Image.Image:
    """The icon at `size` pixels; `scale` < 1 shrinks the drawing into the safe zone of a maskable icon."""
    big = size * SUPERSAMPLE
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(14 * unit) if rounded else 0, fill=GREEN)

    def at(x: float, y: float) -> tuple[float, float]:
        return (32 + (x - 32) * scale) * unit, (32 + (y - 32) * scale) * unit

    points = [at(x, y) for x, y in PATH]
    width = round(STROKE * scale * unit)
    draw.line(points, fill=WHITE, width=width, joint="curve")
    for x, y in points[:-1]:  # round caps and joins
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    cx, cy = at(DOT[0], DOT[1])
    radius = DOT[2] * scale * unit
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (32, 192, 512):
        tile(size, rounded=True).save(ICONS / f"icon-{size}.png", optimize=True)
    # iOS draws its own rounded corners, on an opaque square; Android crops maskable icons to its shape.
    tile(180, rounded=False).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    tile(512, rounded=False, scale=0.75).save(ICONS / "maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
