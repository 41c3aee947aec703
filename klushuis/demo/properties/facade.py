"""The front of a demo home, drawn with Pillow: sky, street, the neighbours in the row, and the
house itself, neglected in ways that match its kind and roof (boarded windows, missing tiles,
peeling paint, weeds), with an alt text that describes what the picture shows. The canvas size
and the colour helpers live here too; the interiors in `photos` use them.
"""

from PIL import Image, ImageDraw, ImageFont

W, H = 1200, 900

BRICKS = [
    ("rode", (150, 62, 45)),
    ("donkerrode", (116, 47, 38)),
    ("bruine", (110, 72, 54)),
    ("gele", (192, 158, 100)),
    ("oranjerode", (170, 88, 55)),
    ("paarsbruine", (96, 60, 62)),
]
FRAMES = [
    ("witte", (232, 230, 222)),
    ("crèmekleurige", (226, 216, 186)),
    ("groene", (38, 74, 54)),
    ("grijze", (150, 150, 146)),
]
DOORS = [(34, 72, 52), (122, 32, 32), (40, 60, 102), (92, 62, 38), (62, 62, 64), (20, 50, 80)]
TILES_ROOF = [(138, 62, 44), (66, 66, 70), (166, 86, 52), (96, 58, 46)]


def shade(colour, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in colour)


def vary(rng, colour, amount=12):
    """A colour a little lighter or darker, with a touch of hue change."""
    factor = 1 + rng.uniform(-amount, amount) / 100
    return tuple(
        max(0, min(255, int(c * factor) + rng.randint(-amount // 4, amount // 4))) for c in colour
    )


def mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default()


def _sky(draw, rng):
    top, bottom = rng.choice(
        [((96, 146, 204), (196, 218, 236)), ((150, 160, 172), (214, 218, 222))]
    )
    for y in range(0, H, 10):
        draw.rectangle([0, y, W, y + 10], fill=mix(top, bottom, min(1, y / 600)))
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randint(-100, W), rng.randint(20, 200)
        for dx in range(0, rng.randint(120, 260), 40):
            r = rng.randint(24, 44)
            draw.ellipse([x + dx - r, y - r, x + dx + r, y + r // 2], fill=(240, 242, 245))


def _bricks(draw, rng, box, colour, size=(42, 14)):
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(176, 170, 158))  # mortar
    bw, bh = size
    for row, y in enumerate(range(y0, y1, bh)):
        offset = 0 if row % 2 else -bw // 2
        for x in range(x0 + offset, x1, bw):
            draw.rectangle(
                [max(x, x0), y, min(x + bw - 3, x1), min(y + bh - 3, y1)],
                fill=vary(rng, colour, 14),
            )


def _window(draw, rng, box, frame, state, transom=True):
    x0, y0, x1, y1 = box
    draw.rectangle([x0 - 6, y0 - 14, x1 + 6, y0 - 2], fill=(88, 60, 48))  # lintel
    draw.rectangle([x0 - 8, y1, x1 + 8, y1 + 10], fill=(168, 166, 160))  # sill
    draw.rectangle(box, fill=frame)
    inner = [x0 + 10, y0 + 10, x1 - 10, y1 - 10]
    if state == "boarded":
        draw.rectangle(inner, fill=(196, 164, 116))
        for x in range(inner[0], inner[2], 46):
            draw.line([x, inner[1], x, inner[3]], fill=(150, 120, 80), width=2)
            for y in (inner[1] + 12, inner[3] - 12):
                draw.ellipse([x + 20, y - 3, x + 26, y + 3], fill=(90, 90, 90))
        return
    draw.rectangle(inner, fill=(62, 78, 94) if state != "dirty" else (92, 96, 90))
    ix0, iy0, ix1, iy1 = inner
    w, h = ix1 - ix0, iy1 - iy0
    draw.polygon(
        [(ix0, iy0 + h * 0.55), (ix0 + w * 0.3, iy0), (ix0 + w * 0.5, iy0), (ix0, iy0 + h * 0.9)],
        fill=(104, 126, 146) if state != "dirty" else (118, 122, 114),
    )
    mid = (x0 + x1) // 2
    draw.rectangle([mid - 5, y0, mid + 5, y1], fill=frame)
    if transom:
        ty = y0 + (y1 - y0) // 4
        draw.rectangle([x0, ty - 5, x1, ty + 5], fill=frame)
    if state == "broken":
        cx, cy = rng.randint(ix0 + 20, mid - 20), rng.randint(iy0 + 40, iy1 - 20)
        for _ in range(6):
            draw.line(
                [cx, cy, cx + rng.randint(-70, 70), cy + rng.randint(-70, 70)],
                fill=(210, 214, 218),
                width=2,
            )


def _peeling(draw, rng, box, count):
    x0, y0, x1, y1 = box
    for _ in range(count):
        x, y = rng.randint(x0, x1), rng.randint(y0, y1)
        draw.polygon(
            [
                (x, y),
                (x + rng.randint(4, 14), y + rng.randint(-4, 4)),
                (x + 3, y + rng.randint(5, 14)),
            ],
            fill=(128, 112, 92),
        )


def _weeds(draw, rng, x0, x1, y, count):
    for _ in range(count):
        x = rng.randint(x0, x1)
        green = rng.choice([(62, 112, 48), (84, 130, 56), (48, 92, 40)])
        for _ in range(rng.randint(5, 9)):
            draw.line(
                [x, y, x + rng.randint(-18, 18), y - rng.randint(14, 46)], fill=green, width=3
            )


def _door(draw, rng, box, colour, number):
    x0, y0, x1, y1 = box
    draw.rectangle([x0 - 8, y0 - 8, x1 + 8, y1], fill=(226, 222, 210))
    draw.rectangle(box, fill=colour)
    draw.rectangle([x0 + 14, y0 + 16, x1 - 14, y0 + 70], fill=shade(colour, 0.8))
    draw.rectangle([x0 + 14, y0 + 120, x1 - 14, y1 - 20], fill=shade(colour, 0.8))
    draw.rectangle([x0 + 26, y0 + 92, x1 - 26, y0 + 100], fill=(40, 36, 30))  # letterbox
    draw.ellipse([x1 - 22, y0 + 104, x1 - 12, y0 + 114], fill=(196, 170, 90))
    draw.rectangle([x1 + 16, y0 + 10, x1 + 64, y0 + 40], fill=(240, 240, 236))
    draw.text((x1 + 40, y0 + 25), number, fill=(30, 30, 30), font=_font(18), anchor="mm")
    _peeling(draw, rng, box, rng.randint(4, 14))


def _neighbour(draw, rng, box, brick, frame, storeys):
    x0, _y0, x1, y1 = box
    _bricks(draw, rng, box, brick)
    for storey in range(storeys):
        top = y1 - 230 - storey * 200 + (40 if storey == 0 else 30)
        for wx in range(x0 + 40, x1 - 120, 190):
            _window(draw, rng, [wx, top, wx + 130, top + 140], frame, "ok")
            draw.rectangle([wx + 12, top + 12, wx + 38, top + 128], fill=(214, 200, 170))


def draw_facade(rng, home):
    """The front of the house as (image, alt text)."""
    prop = home.prop
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rng)
    brick_name, brick = rng.choice(BRICKS)
    frame_name, frame = rng.choice(FRAMES)
    garden = home.kind == "twee-onder-een-kap" or prop.year_built >= 1950
    ground = 700 if garden else 760
    storeys = {"arbeiders": 1, "herenhuis": 3}.get(home.kind, 2)
    width = {"arbeiders": 420, "herenhuis": 520}.get(home.kind, 560)
    corner = home.kind in ("hoek", "twee-onder-een-kap")
    x0 = 240 if corner else (W - width) // 2
    x1 = x0 + width
    eave = ground - 230 - (storeys - 1) * 200
    top = eave - 40 if home.roof == "flat" else eave

    # Street, pavement and (for post-war homes) an overgrown front garden.
    draw.rectangle([0, 830, W, H], fill=(58, 58, 62))
    draw.rectangle([0, 812, W, 830], fill=(150, 150, 146))
    draw.rectangle([0, ground, W, 812], fill=(172, 168, 160))
    for x in range(0, W, 60):
        draw.line([x, ground, x, 812], fill=(140, 136, 130))
    if garden:
        draw.rectangle([0, ground, W, 780], fill=(86, 120, 58))
        for _ in range(160):
            gx, gy = rng.randint(0, W), rng.randint(ground + 6, 780)
            draw.line([gx, gy, gx + rng.randint(-6, 6), gy - rng.randint(8, 24)], fill=(60, 96, 42))
        draw.rectangle([0, 780, W, 812], fill=(172, 168, 160))

    # The neighbours: the rest of the row, or the other half of a semi-detached pair.
    neighbour_brick = vary(rng, rng.choice(BRICKS)[1], 10)
    neighbour_frame = rng.choice(FRAMES)[1]
    neighbours = [(0, x0)] + ([] if corner else [(x1, W)])
    if home.kind == "twee-onder-een-kap":
        neighbours = [(x1, x1 + width)]
        neighbour_brick = vary(rng, brick, 6)
    for nx0, nx1 in neighbours:
        _neighbour(draw, rng, [nx0, top, nx1, ground], neighbour_brick, neighbour_frame, storeys)
    # The block the house is part of, from its left to its right end.
    row_x0 = min(x0, *(n[0] for n in neighbours))
    row_x1 = max(x1, *(n[1] for n in neighbours))
    if home.kind == "hoek":  # a garden wall beside the corner house
        _bricks(draw, rng, [x1 + 30, ground - 120, W, ground], shade(brick, 0.9))
        draw.rectangle([x1 + 26, ground - 130, W, ground - 120], fill=(120, 116, 110))
        _weeds(draw, rng, x1 + 40, W, ground - 130, 6)

    # The house itself.
    _bricks(draw, rng, [x0, top, x1, ground], brick)
    roof = rng.choice(TILES_ROOF)
    missing_tiles = home.roof == "pitched" and rng.random() < 0.7
    if home.roof == "pitched":
        ridge = eave - (150 if home.kind != "twee-onder-een-kap" else 230)
        # A hipped end where the block ends in the picture: the right of a corner house, both
        # ends of a semi-detached pair.
        hip_left = 70 if home.kind == "twee-onder-een-kap" else 0
        hip_right = 70 if corner else 0
        neighbour_roof = vary(rng, roof, 8)
        for rx0, rx1, colour in [(row_x0, row_x1, neighbour_roof), (x0, x1, roof)]:
            left = rx0 + (hip_left if rx0 == row_x0 else 0)
            right = rx1 - (hip_right if rx1 == row_x1 else 0)
            draw.polygon(
                [(rx0 - 10, eave), (rx1 + 10, eave), (right, ridge), (left, ridge)], fill=colour
            )
        for y in range(ridge + 14, eave, 16):
            up = (eave - y) / (eave - ridge)
            lx0 = row_x0 - 10 + int((hip_left + 10) * up)
            lx1 = row_x1 + 10 - int((hip_right + 10) * up)
            draw.line([lx0, y, lx1, y], fill=shade(roof, 0.7), width=2)
            for x in range(lx0 + rng.randint(0, 24), lx1, 26):
                draw.line([x, y - 14, x, y], fill=shade(roof, 0.78))

        def on_roof(y, width):
            """A random x where a patch this wide at height y lies on this house's roof."""
            up = (eave - y) / (eave - ridge)
            left = max(x0 + 20, row_x0 + int((hip_left + 10) * up) + 10)
            right = min(x1 - 20, row_x1 - int((hip_right + 10) * up) - 10) - width
            return rng.randint(left, max(left, right))

        if missing_tiles:
            for _ in range(rng.randint(3, 7)):
                my = rng.randint(ridge + 10, eave - 30)
                width = 26 * rng.randint(1, 3)
                mx = on_roof(my, width)
                draw.rectangle([mx, my, mx + width, my + 16], fill=(36, 28, 24))
                draw.line([mx, my + 8, mx + width, my + 8], fill=(120, 90, 60), width=2)
            for _ in range(6):  # moss
                my = rng.randint(ridge + 4, eave - 14)
                mx = on_roof(my, 30)
                draw.ellipse([mx, my, mx + 30, my + 12], fill=(78, 104, 52))
        cx = rng.randint(x0 + 60, x1 - 120)
        _bricks(draw, rng, [cx, ridge - 70, cx + 60, ridge + 10], shade(brick, 0.9))
        draw.rectangle([cx - 6, ridge - 80, cx + 66, ridge - 68], fill=(90, 90, 90))
        if home.kind in ("arbeiders", "twee-onder-een-kap") or rng.random() < 0.3:
            dx = (x0 + x1) // 2 - 90
            dy = ridge + 20
            draw.rectangle([dx - 10, dy - 12, dx + 190, dy], fill=frame)
            draw.rectangle([dx, dy, dx + 180, eave - 10], fill=(120, 110, 100))
            _window(draw, rng, [dx + 20, dy + 12, dx + 160, eave - 24], frame, "dirty", False)
        draw.rectangle([row_x0 - 10, eave - 4, row_x1 + 10, eave + 8], fill=(140, 144, 148))
        _weeds(draw, rng, x0 + 20, x1 - 20, eave - 2, rng.randint(2, 5))
    else:
        draw.rectangle([row_x0, top - 6, row_x1, top + 30], fill=shade(frame, 0.95))
        for bx in range(x0 + 20, x1, 70):
            draw.rectangle([bx, top + 30, bx + 14, top + 52], fill=shade(frame, 0.8))
        _peeling(draw, rng, [x0, top, x1, top + 28], 24)
        _weeds(draw, rng, x0 + 40, x1 - 40, top - 6, rng.randint(1, 3))
    draw.rectangle([x1 - 14, eave, x1 - 6, ground], fill=(128, 132, 136))  # downpipe
    if rng.random() < 0.5:  # the downpipe came loose and the wall stays wet
        draw.rectangle([x1 - 14, eave + 80, x1 - 6, eave + 120], fill=brick)

    boarded = rng.random() < 0.55
    broken = not boarded and rng.random() < 0.5
    number = prop.address.split(" ")[-1]
    door_colour = rng.choice(DOORS)
    # Ground floor: the door (two for an upstairs flat), and the front window.
    door_x = x1 - 150
    _door(draw, rng, [door_x, ground - 210, door_x + 90, ground], door_colour, number)
    if home.kind == "boven":
        base = str(prop.house_number)
        _door(draw, rng, [x0 + 30, ground - 210, x0 + 120, ground], door_colour, base)
        wx0 = x0 + 190
    else:
        wx0 = x0 + 40
    ground_state = "boarded" if boarded else ("broken" if broken else "dirty")
    _window(draw, rng, [wx0, ground - 190, door_x - 60, ground - 50], frame, ground_state)
    for storey in range(1, storeys):
        wy = ground - 230 - (storey - 1) * 200 - 170 + 20
        count = 3 if width >= 520 and home.kind == "herenhuis" else 2
        span = (x1 - x0 - 80) // count
        for i in range(count):
            left = x0 + 40 + i * span + 20
            state = "boarded" if boarded and storey == 1 and i == 0 else "dirty"
            _window(draw, rng, [left, wy, left + span - 60, wy + 150], frame, state)
    for wx in range(x0, x1, 90):
        _peeling(draw, rng, [wx, ground - 200, wx + 60, ground - 40], 3)
    weeds = rng.random() < 0.8
    if weeds:
        _weeds(draw, rng, x0, x1, ground, rng.randint(5, 10))

    roof_text = "een zadeldak" if home.roof == "pitched" else "een plat dak met houten gootlijst"
    parts = [f"Voorgevel van {brick_name} baksteen met {roof_text}"]
    if home.kind == "boven":
        parts.append("twee voordeuren (beneden- en bovenwoning)")
    if boarded:
        parts.append("dichtgetimmerde ramen op de begane grond")
    elif broken:
        parts.append("een gebarsten ruit in het voorraam")
    if missing_tiles:
        parts.append("ontbrekende dakpannen")
    parts.append(f"{frame_name} kozijnen met afbladderende verf")
    if weeds:
        parts.append("onkruid langs de gevel")
    if garden:
        parts.append("een verwilderde voortuin")
    return image, ", ".join(parts[:-1]) + " en " + parts[-1]
