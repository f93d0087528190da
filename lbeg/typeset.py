"""Typeset printed forms as tagged PDFs, and link previews as PNG images, with typst.

The layouts are lbeg/templates/card.typ and preview.typ. They hold no wording:
every word comes in as JSON made here from the same CardView and SheetView
objects that lbeg/templates/card.html draws for the browser's print. Fonts come
from a Python package, and the machine's own fonts are never used, so a PDF
looks the same wherever it is built.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fontpkg_atkinson_hyperlegible as font

if TYPE_CHECKING:
    from .views import CardView, Lines, Picture, SheetView

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
    return {"heading": s.heading, "lines": s.lines, "numbered": s.numbered, "tone": s.tone}


def _qr(link: Any) -> dict[str, str]:
    return {"svg": str(link.qr), "alt": link.alt}


def card_part(k: CardView, drawing: Drawing) -> str:
    """One card, as the JSON that card.typ draws."""
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
            "how": [_lines(s) for s in k.how],
            "dose": {"heading": k.dose.heading, "rows": k.dose.rows, "build_up": k.dose.build_up, "own": k.dose.own},
            "side": [_lines(s) for s in k.side],
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


def join(pdfs: list[bytes], title: str) -> bytes:
    """Join tagged PDFs made by card.typ into one, keeping every page's tags.

    Plain joining would drop each file's structure tree, so here their
    structure elements are gathered under one Document element, their parent
    trees are renumbered into one, and their outlines are kept."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    out = pikepdf.new()
    kids, nums, roles, marks, offset = Array(), Array(), Dictionary(), [], 0
    sources = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
    for source in sources:
        tree = source.Root.StructTreeRoot
        for role, standard in tree.get("/RoleMap", Dictionary()).items():
            roles[role] = standard
        start = len(out.pages)
        out.pages.extend(source.pages)
        for page in out.pages[start:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        top = tree.K[0] if isinstance(tree.K, Array) else tree.K
        for kid in top.K:
            kids.append(_copy(out, source, kid))
        parents = _numbers(tree.ParentTree)
        for key, value in parents:
            nums.append(key + offset)
            nums.append(_copy(out, source, value))
        offset += max((key for key, _ in parents), default=-1) + 1
        pages = {page.objgen: i for i, page in enumerate(source.pages)}
        with source.open_outline() as outline:
            for item in outline.root:
                marks.append((str(item.title), start + pages[item.destination[0].objgen]))
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=kids))
    tree = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=out.make_indirect(Dictionary(Nums=nums)),
            ParentTreeNextKey=offset,
            RoleMap=roles,
        )
    )
    document.P = tree
    for kid in kids:
        if "/S" in kid:
            kid.P = document
    first = sources[0]
    out.Root.StructTreeRoot = tree
    for key in ("/MarkInfo", "/Lang", "/ViewerPreferences"):
        if key in first.Root:
            out.Root[key] = _copy(out, first, first.Root[key])
    old = str(first.docinfo.get("/Title", ""))
    if "/Metadata" in first.Root:
        xmp = first.Root.Metadata.read_bytes().decode("utf-8")
        if old:
            xmp = xmp.replace(_xml_text(old), _xml_text(title))
        out.Root.Metadata = out.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    for key, value in first.docinfo.items():
        out.docinfo[key] = _copy(out, first, value)
    out.docinfo.Title = title
    with out.open_outline() as outline:
        outline.root.extend(pikepdf.OutlineItem(label, page) for label, page in marks)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _copy(out: Any, source: Any, value: Any) -> Any:
    """`value` from the PDF `source`, for use in `out`."""
    import pikepdf

    if not isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        return value
    return out.copy_foreign(value if value.is_indirect else source.make_indirect(value))


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
