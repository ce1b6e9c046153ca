"""Hostile and odd PDFs, made by the tests (nothing binary committed): each is the smallest file
that shows one way a paper can attack or trip a reader.

`pdf_bytes` writes a PDF from numbered object bodies with a correct cross-reference table, so
every file here is well-formed apart from the one thing it is about.
"""
from __future__ import annotations

import io
import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_bytes(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF whose object n has body objects[n]; streams are given whole ("<<...>> stream ...")."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", length: bytes | None = None) -> bytes:
    length = length if length is not None else str(len(data)).encode()
    return b"<< /Length " + length + b" " + extra + b">>\nstream\n" + data + b"\nendstream"


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def page_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
    ops += [b"(" + _escape(line) + b") Tj T*" for line in lines]
    return b"\n".join(ops + [b"ET"])


def text_pdf(pages: list[list[str]]) -> bytes:
    """A plain text PDF: one list of lines per page, Helvetica, a real text layer."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    for n, lines in enumerate(pages):
        page, content = 4 + 2 * n, 5 + 2 * n
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        objects[content] = stream(page_content(lines))
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    return pdf_bytes(objects)


def _one_page(content_object: bytes, extra: dict[int, bytes] | None = None) -> bytes:
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", 3: FONT,
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                  b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               5: content_object}
    objects.update(extra or {})
    return pdf_bytes(objects)


def reference_cycle_length() -> bytes:
    """The content stream's /Length is a reference to a reference to itself."""
    content = page_content(["Recommendation 1: a stream whose length never resolves."])
    return _one_page(stream(content, length=b"6 0 R"), {6: b"7 0 R", 7: b"6 0 R"})


def deep_nesting(depth: int = 100_000) -> bytes:
    """An array nested `depth` deep, hung from the page so every reader meets it."""
    content = page_content(RECOMMENDATIONS)
    objects = {6: b"[" * depth + b"]" * depth}
    pdf = _one_page(stream(content), objects)
    return pdf.replace(b"/Contents 5 0 R >>", b"/Contents 5 0 R /Deep 6 0 R >>", 1)


def decompression_bomb(inflated_mb: int = 1024) -> bytes:
    """A page whose content stream is a few words then `inflated_mb` MB of zero bytes (PDF
    white space), Flate-compressed to about a thousandth of that."""
    squeeze = zlib.compressobj(9)
    parts = [squeeze.compress(page_content(["Recommendation 1: a page that inflates to a gigabyte."]))]
    block = bytes(1 << 20)
    parts += [squeeze.compress(block) for _ in range(inflated_mb)]
    parts.append(squeeze.flush())
    return _one_page(stream(b"".join(parts), b"/Filter /FlateDecode "))


def page_bomb(fanout: int = 10, depth: int = 6) -> bytes:
    """A page tree that shares each level's node `fanout` times: fanout**depth pages (a million
    by default) in a file of a few hundred bytes."""
    objects = {1: b"<< /Type /Catalog /Pages 10 0 R >>", 3: FONT,
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                  b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               5: stream(page_content(["Recommendation 1: one page of a million."]))}
    child, count = 4, 1
    for level in range(depth):
        number = 11 + level if level < depth - 1 else 10
        count *= fanout
        kids = b" ".join([b"%d 0 R" % child] * fanout)
        objects[number] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count
        child = number
    objects[4] = objects[4].replace(b"/Parent 2 0 R", b"/Parent 11 0 R")
    return pdf_bytes(objects)


RECOMMENDATIONS = [  # a committee report page that gives two decision records
    "Report of the Director of Children's Services",
    "Inner North West Area Committee",
    "Date: 18th December 2008",
    "Subject: Locality working with families",
    "6.0 Recommendations",
    "The Committee is requested to:",
    "- Note the progress made in reshaping the locality arrangements",
    "- Endorse the approach to extended service clusters set out in this report",
]


def scanned(pdf: bytes, dpi: int = 200) -> bytes:
    """Each page of `pdf` as an image only, the way a scanner makes it: rendered with pypdfium2,
    written back as a PDF by Pillow, with no text layer."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf)
    images = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def joined(*pdfs: bytes) -> bytes:
    """The pages of several PDFs in one, in order (pypdfium2's page import)."""
    import pypdfium2 as pdfium
    target = pdfium.PdfDocument.new()
    for data in pdfs:
        source = pdfium.PdfDocument(data)
        target.import_pages(source)
        source.close()
    out = io.BytesIO()
    target.save(out)
    target.close()
    return out.getvalue()


def drawn_pdf(paths: int) -> bytes:
    """One page with no text and `paths` separate line paths: many is text drawn as outlines
    (a picture of text, to be OCR'd); a few is a blank page with a border."""
    content = b"\n".join(b"%d %d m %d %d l S" % (40 + 5 * n, 400, 42 + 5 * n, 410) for n in range(paths))
    return _one_page(stream(content))
