"""Photos of the demo homes, drawn with Pillow so that the demo needs no image files: the
facade (see `facade`) and one to three rooms inside (living room, kitchen, bedroom and, under a
pitched roof, the attic), each in a state of neglect and with an alt text. The pictures are
saved as JPEG files named from the seeded random source, and thumbnails follow after commit.
"""

import io
import itertools
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from klushuis.demo.properties.facade import H, W, draw_facade, mix, shade, vary
from properties import services
from properties.models import PropertyPhoto


def _jpeg(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def add_photos(rng, home):
    """The facade first, then one to three rooms in a random order."""
    facade, facade_alt = draw_facade(rng, home)
    pictures = [(facade, facade_alt)]
    extras = [_living_room, _kitchen, _bedroom]
    if home.roof == "pitched" and home.kind != "boven":
        extras.append(_attic)
    rng.shuffle(extras)
    count = rng.choices([1, 2, 3], weights=[45, 35, 20])[0]
    pictures += [draw(rng) for draw in extras[:count]]
    for position, (image, alt_text) in enumerate(pictures):
        name = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}.jpg"
        photo = PropertyPhoto(property=home.prop, alt_text=alt_text, position=position)
        photo.image = ContentFile(_jpeg(image), name=name)
        photo.save()
        # The thumbnail is made after commit: by Celery in-process when it runs eagerly (the
        # default without REDIS_URL), else by the worker.
        services.property_photo_saved(photo=photo)


def _room_shell(draw, rng, wall, floor_colour, back=(250, 170, 950, 610)):
    bx0, by0, bx1, by1 = back
    draw.polygon([(0, 0), (W, 0), (bx1, by0), (bx0, by0)], fill=(214, 210, 200))
    draw.polygon([(0, 0), (bx0, by0), (bx0, by1), (0, H)], fill=shade(wall, 0.82))
    draw.polygon([(W, 0), (bx1, by0), (bx1, by1), (W, H)], fill=shade(wall, 0.9))
    draw.rectangle(back, fill=wall)
    # Floorboards running away from the viewer, some worn and one missing.
    boards = list(range(bx0, bx1 + 1, 35))
    scale = W / (bx1 - bx0)
    missing = rng.randrange(len(boards) - 1)
    for i, (a, b) in enumerate(itertools.pairwise(boards)):
        fa, fb = (a - bx0) * scale, (b - bx0) * scale
        colour = (34, 26, 22) if i == missing else vary(rng, floor_colour, 16)
        draw.polygon([(a, by1), (b, by1), (fb, H), (fa, H)], fill=colour)
        draw.line([(a, by1), (fa, H)], fill=shade(floor_colour, 0.6), width=2)
    draw.rectangle([bx0, by1 - 16, bx1, by1], fill=(196, 188, 170))  # skirting
    return back


def _damp(image, rng, boxes):
    """Brownish damp stains, blended into the picture."""
    for box in boxes:
        x0, y0, x1, y1 = (max(0, box[0]), max(0, box[1]), min(W, box[2]), min(H, box[3]))
        region = image.crop((x0, y0, x1, y1)).convert("RGBA")
        stain = Image.new("RGBA", region.size, (0, 0, 0, 0))
        ImageDraw.Draw(stain).ellipse(
            [box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0],
            fill=(92, 72, 40, rng.randint(50, 90)),
        )
        image.paste(Image.alpha_composite(region, stain).convert("RGB"), (x0, y0))


def _living_room(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    wall = rng.choice([(198, 176, 128), (170, 160, 120), (190, 150, 110)])
    bx0, by0, bx1, by1 = _room_shell(draw, rng, wall, (146, 106, 66))
    for x in range(bx0 + 10, bx1, 48):  # dated wallpaper motif
        for y in range(by0 + 20, by1 - 20, 48):
            draw.ellipse([x, y, x + 14, y + 14], fill=shade(wall, 0.78))
    draw.rectangle([520, 230, 760, 480], fill=(236, 234, 226))
    draw.rectangle([532, 242, 748, 468], fill=(204, 222, 236))
    draw.rectangle([636, 230, 644, 480], fill=(236, 234, 226))
    draw.rectangle([510, 480, 770, 492], fill=(190, 186, 176))
    draw.rectangle([300, 430, 400, 594], fill=(104, 80, 58))  # gas heater
    for y in range(450, 580, 12):
        draw.line([310, y, 390, y], fill=(60, 46, 34), width=3)
    draw.line([600, 0, 600, 120], fill=(30, 30, 30), width=2)
    draw.ellipse([590, 118, 610, 142], fill=(250, 246, 220))
    draw.polygon([(840, 200), (900, 190), (880, 320)], fill=(220, 214, 200))  # loose paper
    _damp(image, rng, [(bx0 - 20, by1 - 120, bx0 + 220, by1 + 20), (bx1 - 200, by0, bx1, by0 + 90)])
    return image, (
        "Woonkamer met versleten houten vloerdelen, gedateerd behang met vochtplekken en een "
        "oude gaskachel"
    )


def _bedroom(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    wall = rng.choice([(186, 196, 170), (200, 186, 170), (176, 186, 200)])
    bx0, by0, bx1, by1 = _room_shell(draw, rng, wall, (160, 120, 80))
    for x in range(bx0, bx1, 30):  # striped wallpaper
        draw.rectangle([x, by0, x + 12, by1 - 16], fill=shade(wall, 0.86))
    # Peeling wallpaper shows the plaster beneath.
    draw.polygon([(700, 200), (860, 190), (820, 420), (720, 380)], fill=(178, 172, 160))
    draw.polygon([(860, 190), (820, 420), (900, 330)], fill=shade(wall, 1.1))
    draw.polygon([(60, 180), (200, 230), (200, 460), (60, 470)], fill=(236, 234, 226))
    draw.polygon([(72, 196), (188, 238), (188, 450), (72, 458)], fill=(206, 222, 232))
    _damp(image, rng, [(bx0 + 80, by0 - 40, bx0 + 420, by0 + 80)])
    return (
        image,
        "Slaapkamer met loslatend streepjesbehang, een vochtplek aan het plafond en een kale "
        "plankenvloer",
    )


def _kitchen(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    name, tile = rng.choice(
        [
            ("mosterdgele", (200, 160, 62)),
            ("olijfgroene", (128, 138, 72)),
            ("bruine", (140, 98, 60)),
        ]
    )
    wood_name, wood = rng.choice(
        [
            ("bruine", (126, 84, 50)),
            ("eikenhouten", (150, 104, 60)),
            ("crèmekleurige", (214, 204, 176)),
            ("donkerbruine", (92, 62, 42)),
        ]
    )
    floor = rng.choice([((150, 60, 44), (196, 186, 160)), ((70, 70, 74), (200, 200, 196))])
    draw.rectangle([0, 0, W, 340], fill=rng.choice([(222, 212, 176), (206, 214, 196)]))
    draw.rectangle([0, 340, W, 600], fill=(226, 222, 208))
    for x in range(0, W, 36):
        for y in range(340, 600, 36):
            colour = (150, 146, 136) if rng.random() < 0.03 else vary(rng, tile, 8)
            draw.rectangle([x + 2, y + 2, x + 34, y + 34], fill=colour)
    draw.rectangle([430, 110, 790, 330], fill=(236, 234, 226))
    draw.rectangle([444, 124, 776, 316], fill=(200, 218, 230))
    draw.rectangle([606, 110, 614, 330], fill=(236, 234, 226))
    for x in range(40, 400, 110):  # wall cupboards, one door hanging askew
        draw.rectangle([x, 100, x + 104, 320], fill=wood, outline=(80, 52, 30), width=3)
    draw.polygon([(260, 100), (364, 112), (356, 330), (256, 320)], fill=shade(wood, 1.1))
    draw.rectangle([880, 100, 1010, 290], fill=(236, 236, 232))  # geyser
    draw.rectangle([920, 180, 970, 210], fill=(40, 40, 40))
    for px in (900, 940, 980):
        draw.line([px, 290, px, 600], fill=(170, 120, 80), width=5)
    draw.rectangle([30, 600, 1170, 630], fill=(186, 178, 160))
    draw.rectangle([470, 604, 730, 626], fill=(166, 170, 176))
    draw.line([600, 604, 600, 560], fill=(180, 184, 190), width=8)
    draw.line([600, 560, 640, 570], fill=(180, 184, 190), width=8)
    missing = rng.randrange(10)
    for i, x in enumerate(range(30, 1170, 114)):
        fill = (30, 24, 20) if i == missing else wood
        draw.rectangle([x, 630, x + 110, 822], fill=fill, outline=(80, 52, 30), width=3)
        if i != missing:
            draw.rectangle([x + 46, 650, x + 64, 656], fill=(200, 190, 150))
    for x in range(0, W, 60):
        for y in range(822, H, 40):
            odd = (x // 60 + (y - 822) // 40) % 2
            draw.rectangle([x, y, x + 60, y + 40], fill=floor[odd])
    _damp(image, rng, [(40, 280, 380, 420), (820, 300, 1100, 420)])
    return image, (
        f"Gedateerde keuken met {wood_name} kastjes, {name} tegels en een oude geiser; één "
        "kastdeurtje ontbreekt"
    )


def _attic(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, W, H], fill=(60, 46, 36))
    near_apex, far_apex = (600, -300), (600, 190)
    for side in (-1, 1):
        near_foot, far_foot = (600 + side * 1000, 900), (600 + side * 300, 640)
        draw.polygon([near_apex, far_apex, far_foot, near_foot], fill=(176, 138, 92))
        for t in (0.2, 0.4, 0.6, 0.8):  # roof boards
            a = mix(near_apex, near_foot, t)
            b = mix(far_apex, far_foot, t)
            draw.line([a, b], fill=(130, 98, 64), width=2)
        for s in (0.1, 0.35, 0.55, 0.7, 0.82, 0.92):  # rafters
            a = mix(near_apex, far_apex, s)
            b = mix(near_foot, far_foot, s)
            draw.line([a, b], fill=(96, 66, 40), width=max(4, int(30 * (1 - s))))
    draw.polygon([(600, 190), (900, 640), (300, 640)], fill=(112, 64, 48))  # gable wall
    draw.rectangle([560, 400, 640, 500], fill=(226, 232, 236))
    draw.polygon([(0, 900), (300, 640), (900, 640), (W, 900)], fill=(120, 92, 62))
    for x in range(300, 901, 40):
        draw.line([(x, 640), (600 + (x - 600) * 2, 900)], fill=(90, 68, 44), width=2)
    # Daylight through missing tiles, and the stain the rain left below.
    hx, hy = rng.choice([(360, 330), (820, 300)])
    draw.polygon(
        [(hx, hy), (hx + 50, hy - 10), (hx + 56, hy + 30), (hx + 6, hy + 40)], fill=(250, 246, 230)
    )
    _damp(image, rng, [(hx - 60, 700, hx + 160, 800)])
    return image, (
        "Zolder met houten spanten en dakbeschot; door ontbrekende dakpannen valt daglicht naar "
        "binnen en op de vloer zit een lekkageplek"
    )
