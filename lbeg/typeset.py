"""Typeset printed forms as tagged PDFs, and link previews as PNG images, with typst.

The layouts are lbeg/templates/card.typ and preview.typ. They hold no wording:
every word comes in as JSON made here from the same CardView and SheetView
objects that lbeg/templates/card.html draws for the browser's print. Fonts come
from a Python package, and the machine's own fonts are never used, so a PDF
looks the same wherever it is built.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import fontpkg_atkinson_hyperlegible as font

if TYPE_CHECKING:
    from .views import CardView, Lines, Picture, SafetyBand, SheetView

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG, REGION = "en", "GB"
PAPERS = {"a4": "a4", "letter": "us-letter"}
"""The paper sizes every PDF comes in: our name for each, and typst's."""

Drawing = Callable[["Picture", str], str]


class TypesetError(Exception):
    pass


def fingerprint() -> str:
    """Everything besides a document's own data that its bytes depend on."""
    digest = hashlib.sha256()
    for name in ("card.typ", "preview.typ", "svg.typ"):
        digest.update((TEMPLATES / name).read_bytes())
    versions = [metadata.version(p) for p in ("typst", "fontpkg-atkinson-hyperlegible", "pikepdf")]
    digest.update("\0".join([*versions, created()]).encode())
    return digest.hexdigest()


def created() -> str:
    """The PDFs' creation date, in seconds: the commit's (SOURCE_DATE_EPOCH), or a fixed one."""
    return os.environ.get("SOURCE_DATE_EPOCH", "") or "946684800"


def _lines(s: Lines) -> dict[str, Any]:
    return {"heading": s.heading, "lines": s.lines, "style": s.style, "tone": s.tone}


def _band(b: SafetyBand) -> dict[str, Any]:
    """The pain rule and the emergency line at the foot of every form."""
    e = b.emergency
    return {
        "pain": _lines(b.pain),
        "emergency": {"call": e.call, "signs": e.signs, "more": e.more, "address": e.address},
    }


def _qr(link: Any) -> dict[str, str]:
    return {"svg": str(link.qr), "alt": link.alt}


def card_part(k: CardView, drawing: Drawing, key_picture: Callable[[str], str]) -> str:
    """One card, as the JSON that card.typ draws. `key_picture` draws one little picture
    of the key to the drawings, by its name."""
    return json.dumps(
        {
            "kind": "card",
            "name": k.name,
            "facts": k.facts,
            "works": k.works,
            "note": k.note,
            "qr": _qr(k.qr),
            "pictures": [
                {"caption": p.caption, "alt": p.alt, "svg": drawing(p, f"card-{k.slug}-{p.frame}")} for p in k.pictures
            ],
            "room": k.room,
            "key": [{"svg": key_picture(mark), "words": words} for mark, words in k.key],
            "how": [_lines(s) for s in k.how],
            "dose": {
                "heading": k.dose.heading,
                "rows": k.dose.rows,
                "build_up": k.dose.build_up,
                "own": k.dose.own,
                "one_time": k.dose.one_time,
                "own_note": k.dose.own_note,
            },
            "side": [_lines(s) for s in k.side],
            "band": _band(k.band),
            "foot": k.foot,
        },
        ensure_ascii=False,
    )


def sheet_part(k: SheetView, drawing: Drawing) -> str:
    """A routine's sheet, as the JSON that card.typ draws."""
    steps = [
        {
            "name": s.name,
            "picture": {"alt": s.picture.alt, "svg": drawing(s.picture, f"sheet-{k.slug}-{n}")},
            "dose": s.dose,
            "note": s.note,
            "extra": s.extra,
        }
        for n, s in enumerate(k.steps, 1)
    ]
    return json.dumps(
        {
            "kind": "sheet",
            "name": k.name,
            "facts": k.facts,
            "summary": k.summary,
            "qr": _qr(k.qr),
            "steps": steps,
            "sections": [_lines(s) for s in k.sections],
            "band": _band(k.band),
            "foot": k.foot,
        },
        ensure_ascii=False,
    )


def document(title: str, paper: str, parts: tuple[str, ...]) -> str:
    """A PDF's data for card.typ: its title, paper and parts, one page each."""
    head = json.dumps({"title": title, "paper": PAPERS[paper], "lang": LANG, "region": REGION}, ensure_ascii=False)
    return head[:-1] + ', "parts": [' + ", ".join(parts) + "]}"


def preview(name: str, facts: str, site: str, alt: str, svg: str) -> str:
    """A link preview's data for preview.typ."""
    return json.dumps({"name": name, "facts": facts, "site": site, "alt": alt, "svg": svg, "lang": LANG})


_local = threading.local()


def _compiler(template: str) -> Any:
    """One typst compiler per thread and layout, kept: it reuses fonts and parsed templates."""
    import typst

    compilers = _local.__dict__.setdefault("compilers", {})
    if template not in compilers:
        fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(font.ROOT / "files")]
        )
        compilers[template] = typst.Compiler(
            str(TEMPLATES / template), root=str(TEMPLATES), font_paths=fonts, ignore_system_fonts=True
        )
    return compilers[template]


def _compile(template: str, data: str, **options: Any) -> bytes:
    import typst

    try:
        out = _compiler(template).compile(sys_inputs={"data": data}, timestamp=int(created()), **options)
    except typst.TypstError as error:
        raise TypesetError(" ".join(str(error.message).split())) from None
    return out if isinstance(out, bytes) else out[0]


def pdf(data: str) -> bytes:
    """A tagged PDF/UA-1 document from card.typ."""
    return _compile("card.typ", data, format="pdf", pdf_standards="ua-1")


def png(data: str) -> bytes:
    """A 1200 by 630 link preview from preview.typ."""
    return _compile("preview.typ", data, format="png", ppi=72)


def svg_png(svg: str, width: int, height: int, alt: str = "") -> bytes:
    """An SVG drawn on white, as a PNG image of `width` by `height` pixels."""
    data = json.dumps({"svg": svg, "width": width, "height": height, "alt": alt})
    return _compile("svg.typ", data, format="png", ppi=72)


_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(?<![\w./#+-])(\d+) (\d+) R(?!\w)", re.DOTALL)
"""A literal or hex string (left as it is), or a reference to an object (renumbered)."""


class _Writer:
    """Writes a PDF object by object, so that a long one is never held in memory whole."""

    def __init__(self, out: BinaryIO, reserved: int) -> None:
        self.out = out
        self.offsets = [0] * (reserved + 1)
        self.position = 0
        self.digest = hashlib.md5(usedforsecurity=False)
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.position += len(data)

    def new(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def put(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n" % number + body)
        if stream is not None:
            self._write(b"\nstream\n" + stream + b"\nendstream")
        self._write(b"\nendobj\n")

    def finish(self, trailer: bytes) -> None:
        start = self.position
        ident = self.digest.hexdigest().encode()
        table = [b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets)]
        table += [b"%010d 00000 n \n" % offset for offset in self.offsets[1:]]
        self._write(b"".join(table))
        self._write(b"trailer\n<< /Size %d %s /ID [<%s> <%s>] >>\n" % (len(self.offsets), trailer, ident, ident))
        self._write(b"startxref\n%d\n%%%%EOF\n" % start)


def join(sources: Iterable[Path], title: str, out: BinaryIO) -> None:
    """Join tagged one-document PDFs made by card.typ into one, keeping every page's tags.

    Plain joining would drop each file's structure tree, so here their structure
    elements are gathered under one Document element, their parent trees are
    renumbered into one, and their bookmarks are kept. The files are read one at
    a time and their objects written out as they come, so memory stays small
    however long the result. `sources` may be a generator that waits for each
    file to be made."""
    import pikepdf

    catalog, pages, tree, document, parents, outlines, metadata, info = range(1, 9)
    writer = _Writer(out, 8)
    page_refs: list[int] = []
    kids: list[bytes] = []
    nums: list[bytes] = []
    marks: list[tuple[bytes, bytes]] = []
    roles: dict[str, bytes] = {}
    first: dict[str, bytes] = {}
    docinfo: dict[str, bytes] = {}
    xmp = ""
    offset = 0
    for path in sources:
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            struct = root.StructTreeRoot
            top = struct.K[0] if isinstance(struct.K, pikepdf.Array) else struct.K
            fixed = {root.objgen: catalog, root.Pages.objgen: pages, struct.objgen: tree, top.objgen: document}
            left_out = set(fixed) | {struct.ParentTree.objgen}
            items = []
            if "/Outlines" in root:
                left_out.add(root.Outlines.objgen)
                item = root.Outlines.get("/First")
                while item is not None:
                    items.append(item)
                    left_out.add(item.objgen)
                    item = item.get("/Next")
            if "/Metadata" in root:
                left_out.add(root.Metadata.objgen)
            if "/Info" in pdf.trailer:
                left_out.add(pdf.trailer.Info.objgen)
            kept = [
                obj
                for obj in pdf.objects
                if obj.objgen not in left_out
                and not (isinstance(obj, pikepdf.Stream) and obj.get("/Type") in ("/ObjStm", "/XRef"))
            ]
            numbers = fixed | {obj.objgen: writer.new() for obj in kept}

            def renumber(data: bytes, numbers: dict = numbers) -> bytes:
                def one(match: re.Match) -> bytes:
                    if match.group(1) is None:
                        return match.group(0)
                    return b"%d 0 R" % numbers[(int(match.group(1)), int(match.group(2)))]

                return _TOKEN.sub(one, data)

            page_refs += [numbers[page.obj.objgen] for page in pdf.pages]
            for obj in kept:
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                    for key in ("/StructParents", "/StructParent"):
                        if key in obj:
                            obj[key] = int(obj[key]) + offset
                if isinstance(obj, pikepdf.Stream):
                    raw = obj.read_raw_bytes()
                    obj.stream_dict.Length = len(raw)
                    writer.put(numbers[obj.objgen], renumber(obj.stream_dict.unparse(resolved=True)), raw)
                else:
                    writer.put(numbers[obj.objgen], renumber(obj.unparse(resolved=True)))
            kids += [renumber(kid.unparse()) for kid in (top.K if isinstance(top.K, pikepdf.Array) else [top.K])]
            pairs = _numbers(struct.ParentTree)
            nums += [b"%d %s" % (key + offset, renumber(value.unparse())) for key, value in pairs]
            offset += max((key for key, _ in pairs), default=-1) + 1
            for role, standard in struct.get("/RoleMap", {}).items():
                roles[role] = standard.unparse()
            marks += [(item.Title.unparse(), renumber(item.Dest.unparse(resolved=True))) for item in items]
            if not first:
                for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
                    if key in root:
                        first[key] = root[key].unparse(resolved=True)
                docinfo = {key: value.unparse() for key, value in pdf.docinfo.items() if key != "/Title"}
                old = str(pdf.docinfo.get("/Title", ""))
                xmp = root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in root else ""
                if old:
                    xmp = xmp.replace(_xml_text(old), _xml_text(title))
    writer.put(pages, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (_refs(page_refs), len(page_refs)))
    role_map = b" ".join(role.encode() + b" " + standard for role, standard in sorted(roles.items()))
    writer.put(
        tree,
        b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d /RoleMap << %s >> >>"
        % (document, parents, offset, role_map),
    )
    writer.put(document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>" % (tree, b" ".join(kids)))
    writer.put(parents, b"<< /Nums [%s] >>" % b" ".join(nums))
    numbers = [writer.new() for _ in marks]
    for n, (number, (label, dest)) in enumerate(zip(numbers, marks)):
        links = b"/Parent %d 0 R" % outlines
        links += b" /Prev %d 0 R" % numbers[n - 1] if n else b""
        links += b" /Next %d 0 R" % numbers[n + 1] if n + 1 < len(numbers) else b""
        writer.put(number, b"<< /Title %s %s /Dest %s >>" % (label, links, dest))
    ends = b" /First %d 0 R /Last %d 0 R" % (numbers[0], numbers[-1]) if numbers else b""
    writer.put(outlines, b"<< /Type /Outlines /Count %d%s >>" % (len(numbers), ends))
    data = xmp.encode("utf-8")
    writer.put(metadata, b"<< /Type /Metadata /Subtype /XML /Length %d >>" % len(data), data)
    name = pikepdf.String(title).unparse()
    writer.put(info, b"<< /Title %s %s >>" % (name, b" ".join(k.encode() + b" " + v for k, v in docinfo.items())))
    extra = b" ".join(key.encode() + b" " + value for key, value in first.items())
    writer.put(
        catalog,
        b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R /Outlines %d 0 R /Metadata %d 0 R %s >>"
        % (pages, tree, outlines, metadata, extra),
    )
    writer.finish(b"/Root %d 0 R /Info %d 0 R" % (catalog, info))


def _refs(numbers: list[int]) -> bytes:
    return b" ".join(b"%d 0 R" % n for n in numbers)


def _numbers(tree: Any) -> list[tuple[int, Any]]:
    """The (key, value) pairs of a PDF number tree."""
    pairs = []
    if "/Nums" in tree:
        nums = tree.Nums
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in tree.get("/Kids", []):
        pairs += _numbers(kid)
    return pairs


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
