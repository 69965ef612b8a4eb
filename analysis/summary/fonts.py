"""The CJK font of the reports: found on the system, embedded in the PDF, named in the charts.

The PDF embeds a CJK font file found on the system (Debian's ``fonts-noto-cjk`` gives Noto Sans CJK
SC), so it reads the same on any machine. reportlab embeds TrueType outlines only, and Noto Sans CJK
has PostScript (CFF) outlines, so for such a font the glyphs a document uses are redrawn as
TrueType quadratic outlines (fontTools' cu2qu) into a small font of just those characters, which
reportlab then embeds. Without any CJK font file the PDF falls back to reportlab's built-in CID
font STSong-Light (not embedded: the reader supplies it) and says so.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from functools import lru_cache

# Tried in order; the first one installed is used (matplotlib's font list finds them).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Droid Sans Fallback",
    "Arial Unicode MS",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Serif CJK SC",
)
CID_FONT = "STSong-Light"
_LOCK = threading.Lock()  # fontTools reads glyphs lazily: one document at a time draws from the shared font


@dataclass(frozen=True)
class FontFile:
    """A font face on disk: its family, file, face index in a collection (.ttc) and weight."""

    family: str
    path: str
    index: int
    bold: bool


@lru_cache(maxsize=1)
def _installed() -> tuple[tuple[str, str, int], ...]:
    from matplotlib import font_manager

    return tuple(
        (f.name, f.fname, int(f.weight) if str(f.weight).isdigit() else 400) for f in font_manager.fontManager.ttflist
    )


@lru_cache(maxsize=8)
def find(bold: bool = False) -> FontFile | None:
    """The first installed family of `CJK_FAMILIES`, regular or bold (the regular face when no bold exists)."""
    faces = _installed()
    for family in CJK_FAMILIES:
        matches = [(path, weight) for name, path, weight in faces if name == family]
        if not matches:
            continue
        wanted = [m for m in matches if (m[1] >= 600) == bold] or matches
        path = sorted(wanted, key=lambda m: abs(m[1] - (700 if bold else 400)))[0][0]
        return FontFile(family, path, _face_index(path, family), bold)
    return None


def matplotlib_family() -> str | None:
    """The CJK family for matplotlib's charts, or None (the charts then fall back to English labels)."""
    found = find()
    return found.family if found else None


def _face_index(path: str, family: str) -> int:
    """The index of `family` in a font collection (0 for a single font)."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    for i, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == family:
            return i
    return 0


@dataclass(frozen=True)
class PdfFont:
    """The fonts a PDF's text is set in, and how the report names them."""

    regular: str
    bold: str
    family: str  # "" for the CID fallback
    embedded: bool


@lru_cache(maxsize=4)
def _direct(face: FontFile) -> str | None:
    """Register a TrueType-outline face with reportlab as it is; None when its outlines are PostScript."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"AtlasCJK-{'Bold' if face.bold else 'Regular'}"
    try:
        pdfmetrics.registerFont(TTFont(name, face.path, subfontIndex=face.index))
    except TTFError:
        return None
    return name


@lru_cache(maxsize=4)
def _source(face: FontFile):
    from fontTools.ttLib import TTFont

    return TTFont(face.path, fontNumber=face.index, lazy=True)


@lru_cache(maxsize=64)
def _converted(face: FontFile, chars: frozenset[str]) -> str:
    """Register a TrueType font of `face`'s glyphs for `chars` (cubic outlines made quadratic); its name."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _LOCK:
        source = _source(face)
        cmap = source.getBestCmap()
        wanted = {ord(c): cmap[ord(c)] for c in sorted(chars) if ord(c) in cmap}
        names = [".notdef", *sorted(set(wanted.values()) - {".notdef"})]
        glyph_set = source.getGlyphSet()
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyphs[name] = pen.glyph()
        advances = {name: source["hmtx"][name][0] for name in names}
        hhea, os2, head = source["hhea"], source["OS/2"], source["head"]
        builder = FontBuilder(head.unitsPerEm, isTTF=True)
        builder.setupGlyphOrder(names)
        builder.setupCharacterMap(wanted)
        builder.setupGlyf(glyphs)
        glyf = builder.font["glyf"]
        builder.setupHorizontalMetrics({n: (advances[n], getattr(glyf[n], "xMin", 0)) for n in names})
        builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
        style = "Bold" if face.bold else "Regular"
        # reportlab keeps one font per face name: every subset needs a name of its own
        digest = hashlib.sha1("".join(sorted(chars)).encode("utf-8")).hexdigest()[:10]
        ps_name = face.family.replace(" ", "") + f"-{style}-{digest}"
        builder.setupNameTable({"familyName": face.family, "styleName": style, "psName": ps_name})
        builder.setupOS2(
            sTypoAscender=os2.sTypoAscender,
            sTypoDescender=os2.sTypoDescender,
            usWinAscent=os2.usWinAscent,
            usWinDescent=os2.usWinDescent,
            fsType=os2.fsType,
            usWeightClass=os2.usWeightClass,
        )
        builder.setupPost()
        buffer = io.BytesIO()
        builder.save(buffer)
    name = f"AtlasCJK-{style}-{digest}"
    buffer.seek(0)
    pdfmetrics.registerFont(TTFont(name, buffer))
    return name


def _register(face: FontFile, chars: frozenset[str]) -> str:
    return _direct(face) or _converted(face, chars)


def pdf_font(text: str) -> PdfFont:
    """The fonts for a PDF whose text is `text` (every character the document will set).

    The CJK font file found on the system, embedded (a regular and, when installed, a bold face);
    else the built-in CID font STSong-Light, not embedded.
    """
    regular, bold = find(), find(bold=True)
    if regular is None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        return PdfFont(CID_FONT, CID_FONT, "", embedded=False)
    chars = frozenset(text) | frozenset("0123456789")
    name = _register(regular, chars)
    bold_name = _register(bold, chars) if bold is not None and bold.path != regular.path else name
    return PdfFont(name, bold_name, regular.family, embedded=True)
