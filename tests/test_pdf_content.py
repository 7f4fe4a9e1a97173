"""The PDF reader's two shortcuts give exactly what pdfminer and pdfplumber give (issue 13: PDF import speed).

``importers/pdfcontent.py`` reads page content streams with one regular expression instead of pdfminer's tokenizer,
and ``importers/pdf._char_objects`` turns pdfminer's characters into pdfplumber's dicts without its generic walk.
Neither may change a thing: the tokens are compared with pdfminer's own parser (on the real city PDF, on a PDF built
here with the constructs the real ones don't have, on hand-picked edge cases and on randomly mutated streams), the
layout objects with pdfminer's interpreter, the dicts with pdfplumber's, and the Document with pdfplumber alone.
The Documents of the converter matrix's PDFs are compared in tests/test_converter_matrix.py (office).
"""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSEOF
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from xltool.importers import pdf as pdf_reader
from xltool.importers.pdfcontent import Interpreter, Unread, operations

CITY = Path(__file__).parent / "fixtures" / "real" / "006.pdf"


def pdfminer_objects(streams: list[bytes]) -> list[object]:
    """What pdfminer's own content parser yields for these streams (without positions)."""
    objs = []
    for number, data in enumerate(streams, 1):
        stream = PDFStream({}, data)
        stream.objid = number
        objs.append(stream)
    out: list[object] = []
    try:
        parser = PDFContentParser(objs)
    except PSEOF:
        return out
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def read_here(streams: list[bytes]) -> list[object] | None:
    try:
        return operations(streams)
    except Unread:
        return None


def page_streams(path: Path) -> list[list[bytes]]:
    with pdfplumber.open(path) as pdf:
        return [[resolve1(s).get_data() for s in page.page_obj.contents] for page in pdf.pages]


# ---- a PDF with what the city report lacks: several streams, a form, TJ kerning, escapes, tags, an inline image ----


def built_pdf(path: Path) -> Path:
    """A two-page PDF written with pypdf (a test extra), Helvetica text in the constructs that Word, WPS and
    LibreOffice write: page 1 in two content streams with a form XObject, page 2 with an inline image."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) writes the PDF")
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    writer = pypdf.PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    fonts = DictionaryObject({NameObject("/F1"): font})

    def stream(data: bytes, **entries) -> object:
        obj = DecodedStreamObject()
        obj.set_data(data)
        obj.update({NameObject(f"/{k}"): v for k, v in entries.items()})
        return writer._add_object(obj)

    form = stream(
        b"BT /F1 9 Tf 1 0 0 1 60 700 Tm (in a form \\(nested\\)) Tj ET 0.5 w 50 690 m 300 690 l S",
        Type=NameObject("/XObject"),
        Subtype=NameObject("/Form"),
        BBox=ArrayObject([FloatObject(0), FloatObject(0), FloatObject(595), FloatObject(842)]),
        Resources=DictionaryObject({NameObject("/Font"): fonts}),
    )
    pages = [
        [
            b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 770 Td [(T)80(able) -250 (\\050one\\051)] TJ\r\n"
            b"0 -14 TD (octal \\101\\102 and \\\\ and (paired) and \\q) Tj 0 -14 TD <48656C6C6F> Tj ET EMC\n"
            b"% a comment\n1 0 0 RG 72 600 200 40 re S 0.2 0.4 0.6 rg 72 540 100 20 re f",
            b"q 1 0 0 1 0 -40 cm /X1 Do Q BT /F1 10 Tf 72 500 Td 2 Tc (spaced) ' 1 2 (quoted) \" ET",
        ],
        [
            b"BT /F1 11 Tf 72 770 Td (beside an image) Tj ET q 20 0 0 20 72 700 cm BI /W 2 /H 2 /CS /G /BPC 8 ID "
            b"\x00\xff\xff\x00 EI Q BT /F1 11 Tf 72 650 Td (after it) Tj ET"
        ],
    ]
    for contents in pages:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): fonts, NameObject("/XObject"): DictionaryObject({NameObject("/X1"): form})}
        )
        page[NameObject("/Contents")] = ArrayObject([stream(data) for data in contents])
    with path.open("wb") as fh:
        writer.write(fh)
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[Path]:
    return [CITY, built_pdf(tmp_path_factory.mktemp("pdfcontent") / "built.pdf")]


# ---- tokens ----------------------------------------------------------------------------------------------------------


def test_every_page_of_the_city_pdf_is_read_here_and_exactly_as_pdfminer_reads_it():
    pages = page_streams(CITY)
    assert len(pages) == 6
    for streams in pages:
        assert repr(read_here(streams)) == repr(pdfminer_objects(streams))


def test_the_built_pdf_is_read_as_pdfminer_reads_it_and_its_inline_image_is_left_to_pdfminer(pdfs):
    first, second = page_streams(pdfs[1])
    assert repr(read_here(first)) == repr(pdfminer_objects(first))
    assert read_here(second) is None  # BI ... ID ... EI: pdfminer reads the image data itself


#: (streams, read here?) — each read here must equal pdfminer's reading.
EDGES = [
    ([b"(a\\101b\\(c\\)\\\\d\\q (e) f) Tj"], True),
    ([b"(line \\\r\ncontinued \\\nand \\\r) Tj"], True),
    ([b"(\\7\\77\\777) Tj"], False),  # pdfminer fails an assertion on \777
    ([b"(\\0123) Tj <41 42\n4> Tj <> Tj"], True),
    ([b"/Name#20x 1 Tf"], False),
    ([b"/A/B[1 2.5 -.5 +7 5. .5 1.2.3]TJ"], True),
    ([b"- 1 m"], False),
    ([b". 1 m"], False),
    ([b"<</MCID 0 /Alt (x)>> BDC EMC"], True),
    ([b"<</MCID>> BDC"], False),
    ([b"<0102>> Tj"], False),
    ([b"{ 1 } exec"], False),
    ([b"1 2 ] x"], False),
    ([b"[1 2 x"], False),
    ([b"% comment\r1 w\n%last"], True),
    ([b"\x00q\x00 1\x002 Td Q"], True),
    ([b"true false null T* ' \" \x80 ) #"], True),
    ([b"1 0 0 1 0 0 cm 72 700 m", b"200 700 l S"], True),
    ([b"/F1 12 Tf BT 0 0 Td", b"(x) Tj ET"], True),
    ([b"q /", b"F1 12 Tf"], False),  # pdfminer carries the bare "/" into the next stream
    ([b"<01", b"02> Tj"], False),
    ([b"<0102>", b"> Tj"], False),
    ([b"", b" ", b"q Q"], True),
    ([b"1 (unterminated"], False),
    ([b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI"], False),
    ([b"9" * 5000 + b" w"], False),  # beyond Python's digit limit: pdfminer drops the token
]


@pytest.mark.parametrize(("streams", "here"), EDGES, ids=[repr(e[0])[:40] for e in EDGES])
def test_edge_cases_are_read_as_pdfminer_reads_them_or_left_to_it(streams, here):
    got = read_here(streams)
    assert (got is not None) == here
    if got is not None:
        assert repr(got) == repr(pdfminer_objects(streams))


@pytest.mark.parametrize("token", [b"(a\\\r\nb)", b"(a\\101b)", b"<</MCID 0>>", b"<0102>", b"12.5", b"(x\\)y)"])
def test_tokens_across_pdfminers_4096_byte_buffers_are_read_as_it_reads_them(token):
    """pdfminer reads a stream 4,096 bytes at a time; an escaped line break whose "\\r" ends a buffer is one place
    where the result depends on it (pdfminer keeps the "\\n"). Every offset around the boundary."""
    here = 0
    for offset in range(4080, 4100):
        data = b"q" + b" " * (offset - 1) + token + b" Tj <</A 1>> BDC Q"
        got = read_here([data])
        if got is not None:
            here += 1
            assert repr(got) == repr(pdfminer_objects([data])), offset
    assert here >= 19  # only the escaped "\r" on the last byte of a buffer is left to pdfminer


@pytest.mark.parametrize("seed", range(4))
def test_mutated_streams_are_read_as_pdfminer_reads_them_or_left_to_it(seed):
    """Windows of the city PDF's streams and of a stream of other constructs, with random insertions, deletions and byte changes (seeded), as a
    damaged or unusual file would have them, some split into several streams."""
    rng = random.Random(seed)
    corpus = [b"".join(streams) for streams in page_streams(CITY)]
    corpus += [b"(a\\101\\(b\\)) Tj <</MCID 3>> BDC [(x) -20 (y)] TJ /F1 9 Tf 0.5 g 1 2 3 4 re f* EMC"]
    pieces = [b" ", b"\n", b"\r\n", b"\x00", b"(", b")", b"\\", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"#"]
    pieces += [b"%", b"{", b"-", b".", b"7", b"a", b"Tj", b"true", b"'", b"\xe4", b"\\r", b"\\\r\n", b"\\12"]
    same = 0
    for _ in range(250):
        source = rng.choice(corpus)
        start = rng.randrange(len(source))
        data = bytearray(source[start : start + rng.randint(40, 600)])  # a window of a page: pdfminer reads slowly
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(data) + 1)
            change = rng.random()
            if change < 0.4:
                data[pos:pos] = rng.choice(pieces)
            elif change < 0.8:
                del data[pos : pos + rng.randint(1, 3)]
            else:
                data[pos : pos + 1] = bytes([rng.randrange(256)])
        streams = [bytes(data)]
        if rng.random() < 0.3 and len(data) > 2:
            cuts = sorted(rng.sample(range(1, len(data)), 2))
            streams = [bytes(data[a:b]) for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
        got = read_here(streams)
        if got is not None:
            same += 1
            assert repr(got) == repr(pdfminer_objects(streams)), streams
    assert same > 50  # much damage leaves a stream that is still read here


# ---- layout objects, pdfplumber's dicts, the Document ----------------------------------------------------------------


def _layout(pdf, page, interpreter) -> object:
    device = PDFPageAggregatorWithMarkedContent(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    interpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    return _dump(device.get_result())


def _dump(obj) -> tuple:
    """A layout object and its children, every attribute (the graphic state by value)."""
    attrs = {k: v for k, v in vars(obj).items() if k not in ("_objs", "graphicstate", "font")}
    if str(attrs.get("name", "")).isdigit():  # an inline image is named by the id() of its stream object
        attrs["name"] = "inline image"
    if getattr(obj, "graphicstate", None) is not None:
        attrs["graphicstate"] = vars(obj.graphicstate)
    return type(obj).__name__, repr(sorted(attrs.items())), [_dump(c) for c in getattr(obj, "_objs", [])]


def assert_same_objects(path: Path) -> None:
    """Every layout object of every page is pdfminer's, and every dict pdfplumber's (keys in order, values)."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            assert _layout(pdf, page, Interpreter) == _layout(pdf, page, PDFPageInterpreter)
            fast = pdf_reader._char_objects(page)
            for obj in _walk(page.layout._objs):
                assert repr(list(fast(obj).items())) == repr(list(page.process_object(obj).items()))


def assert_same_document(path: Path, monkeypatch) -> None:
    """``read_pdf`` gives the Document that pdfplumber alone gives (its shortcuts switched off)."""
    fast = pdf_reader.read_pdf(path)
    with monkeypatch.context() as patch:
        patch.setattr(pdf_reader, "_lay_out", lambda pdf, page: None)
        patch.setattr(pdf_reader, "_char_objects", lambda page: page.process_object)
        plain = pdf_reader.read_pdf(path)
    assert (fast.text, fast.table_text) == (plain.text, plain.table_text)


def _walk(objs):
    for obj in objs:
        yield obj
        yield from _walk(getattr(obj, "_objs", []))


def test_layouts_dicts_and_document_are_pdfminers_and_pdfplumbers(pdfs, monkeypatch):
    for path in pdfs:
        assert_same_objects(path)
        assert_same_document(path, monkeypatch)
