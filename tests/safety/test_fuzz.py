"""Property-based fuzzing of the reader, the composer and both writers (hypothesis).

Whatever the file holds — random YAML trees, issue-shaped trees with random
Unicode in every field, mangled bytes of a good file, random series settings,
pictures of every mode with random EXIF orientation and metadata — loading
gives a valid model or the project's own TypesetError, every problem located
(file, line, column) and printable without acting on a terminal; a valid model
always composes (a text too long for its line or page is the one TypesetError
the composer may raise), its font check runs, and some render to PDF and DOCX.

The normal run keeps the number of examples small (the file takes well under
30 s). For a long campaign:

    make fuzz                                   # TYPESET_FUZZ_EXAMPLES=20000
    TYPESET_FUZZ_EXAMPLES=100000 .venv/bin/pytest -q tests/safety/test_fuzz.py

TYPESET_FUZZ_EXAMPLES sets the examples of every property (rendering to PDF
takes one in fifty of them); failures are shrunk and printed by hypothesis.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from typeset.compose import ComposedIssue, compose
from typeset.compose.boxes import Picture
from typeset.errors import TypesetError
from typeset.fonts import coverage, faces
from typeset.layout import load_layout
from typeset.model import Numbers
from typeset.reader import load_issue, load_series

from ..editor_project import BASE, ROOT

RAW = ("Cc", "Cf", "Cs", "Zl", "Zp")  # characters that act on a terminal instead of showing
CAMPAIGN = int(os.environ.get("TYPESET_FUZZ_EXAMPLES", "0") or 0)


def budget(normal: int, share: float = 1.0):
    """Settings for a property: `normal` examples, or a share of the campaign's count."""
    return settings(
        max_examples=max(1, int(CAMPAIGN * share)) if CAMPAIGN else normal,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much, HealthCheck.large_base_example],
        derandomize=not CAMPAIGN,  # the normal run is the same every time; a campaign explores
        database=None if not CAMPAIGN else settings.default.database,
        print_blob=True,
    )


# ---------------------------------------------------------------- a project to load into

_FOLDER = Path(tempfile.mkdtemp(prefix="typeset-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
(_FOLDER / "issues" / "2024").mkdir(parents=True)
(_FOLDER / "issues" / "images").mkdir()
shutil.copy(ROOT / "issues" / "series.yaml", _FOLDER / "issues" / "series.yaml")
_ISSUE = _FOLDER / "issues" / "2024" / "645.yaml"
_SERIES = load_series(_FOLDER / "issues")
_LAYOUT = load_layout(_SERIES.layout)
_FACES = faces(_LAYOUT)


def _picture_files() -> None:
    from PIL import Image

    Image.new("RGB", (320, 200), "steelblue").save(_FOLDER / "issues" / "images" / "wide.jpg")
    Image.new("RGB", (60, 900), "gray").save(_FOLDER / "issues" / "images" / "tall.png")
    (_FOLDER / "issues" / "images" / "text.jpg").write_text("not an image", "utf-8")


_picture_files()


def load_bytes(data: bytes):
    """The reader on these bytes: the Issue, or None when it refused them with a TypesetError."""
    _ISSUE.write_bytes(data)
    try:
        return load_issue(_ISSUE, _SERIES)
    except TypesetError as err:
        assert err.problems
        for p in err.problems:
            assert p.origin and p.origin.line >= 1 and p.origin.column >= 1, p  # every error located
            assert not any(unicodedata.category(c) in RAW for c in str(p).replace("\n", "")), p  # shown, not sent
        return None


def compose_model(issue, series=None) -> ComposedIssue | None:
    """A valid model composes, or fails only on a text too long for its line or its page
    (a title line too wide for the measure, a caption longer than a page …), at its place."""
    numbered = dataclasses.replace(issue, numbers=issue.stated or Numbers(1, 1))
    try:
        composed = compose(numbered, series or _SERIES, _LAYOUT.with_overrides(numbered.layout_overrides))
    except TypesetError as err:
        assert all(any(w in p.message for w in ("太长", "过长", "排不下")) and p.origin for p in err.problems), err
        return None
    assert composed.pages
    layout = _LAYOUT.with_overrides(numbered.layout_overrides)
    bottom = layout.lines * layout.line_pitch + layout["colophon"]["line_pitch"] + 1
    for page in composed.pages:
        for item in page.items:
            x = getattr(item, "x", 0.0)
            assert x == x and -1 < x < layout.text_width, item  # no NaN, nothing off the text block
            for y in (getattr(item, "y", 0.0), getattr(item, "baseline", 0.0)):
                assert y == y and -1 < y < bottom, item
            if isinstance(item, Picture):
                assert item.y + item.height <= bottom and 0 < item.width <= layout.text_width + 1e-6
    coverage(composed, _FACES)
    return composed


# ---------------------------------------------------------------- strategies

# Characters that matter to the engine: line breaking, width classes, escaping, invisibles.
INTERESTING = (
    "四川省地方志工作简报川渝双城经济圈建设年鉴编纂"
    "，。、；：？！“”‘’（）《》【】「」『』〔〕…—·"
    "0123456789abcXYZ.%-/ \u3000\t\n"
    "<>&\"'{}[]#*!|:@`\\"
    "\u200b\u200d\ufeff\u202e\u00ad\u0301\u00a0\u2028"
    "𠀀😀堃\ue000\uffff\U0010fffd"
)

PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
good_texts = st.one_of(
    st.text(PRINTABLE, min_size=1, max_size=40),
    st.text(alphabet=INTERESTING.replace("\t", "").replace("\n", ""), min_size=1, max_size=80),
    st.text(alphabet="四川省地方志工作简报，。“”0123", min_size=1, max_size=200),
)
hostile_texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=INTERESTING, max_size=80),
    st.sampled_from(["", " ", "——", "……", "2021", "（", "）", "【】", "“", "<script>", "yes", "null", "~", "0x1F"]),
)
# mostly text an editor could type or paste, now and then something hostile
texts = st.one_of(*[good_texts] * 19, hostile_texts)
short_texts = st.one_of(*[st.text(PRINTABLE, min_size=1, max_size=12)] * 19, hostile_texts)

numbers = st.one_of(st.integers(min_value=-10, max_value=10**6), st.floats(allow_nan=True, allow_infinity=True),
                    st.booleans(), st.none())

KEYS = ["date", "number", "total", "supplement", "mark", "composition", "layout", "sections", "colophon", "name",
        "articles", "title", "paragraphs", "source", "text", "level", "image", "caption", "width", "disclosure",
        "printer", "print_date", "copies", "to_superiors", "to_peers", "to_subordinates", "add", "remove",
        "condense", "hang", "lines", "line_pitch", "autospace", "quote_width", "latin_widths"]

scalars = st.one_of(texts, numbers, st.dates().map(str),
                    st.sampled_from(["2024-03-26", "2024-02-30", "images/wide.jpg"]))
keys = st.one_of(st.sampled_from(KEYS), texts.filter(lambda t: t.strip() != ""))
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)

pictures = st.fixed_dictionaries(
    {"image": st.sampled_from(["images/wide.jpg", "images/tall.png"])},
    optional={"caption": good_texts, "width": st.floats(0.01, 1.0)},
)
bad_pictures = st.fixed_dictionaries(
    {"image": st.sampled_from(["images/text.jpg", "images/none.png", "../series.yaml", "/etc/passwd", "images",
                               "file:///etc/passwd", "http://example.com/a.png"])},
    optional={"caption": texts, "width": numbers},
)


def issue_trees(text: st.SearchStrategy, short: st.SearchStrategy, picture: st.SearchStrategy,
                date: st.SearchStrategy) -> st.SearchStrategy:
    """Issue-shaped trees whose every text field is drawn from `text` (title lines, names: `short`)."""
    composition = st.fixed_dictionaries({}, optional={
        "condense": st.floats(0, 3), "hang": st.booleans(), "autospace": st.floats(0, 16),
        "quote_width": st.floats(0.01, 1), "latin_widths": st.sampled_from(["half", "times"]),
        "push_in": st.booleans(), "latin_glue": st.booleans(), "compress_punctuation": st.booleans(),
        "fit_squeeze": st.floats(0, 8),
        "avoid_orphan": st.booleans()})
    paragraph = st.one_of(
        text,
        st.fixed_dictionaries({"text": text}, optional={"level": st.integers(1, 4), "composition": composition}),
        picture,
    )
    article = st.fixed_dictionaries(
        {"title": st.one_of(short, st.lists(short, min_size=1, max_size=3)),
         "paragraphs": st.lists(paragraph, min_size=1, max_size=4)},
        optional={"source": text},
    )
    section = st.fixed_dictionaries({"name": short, "articles": st.lists(article, min_size=1, max_size=3)})
    recipients = st.one_of(st.lists(text, max_size=3),
                           st.fixed_dictionaries({}, optional={"add": st.lists(text, max_size=2)}))
    colophon = st.fixed_dictionaries({}, optional={
        "disclosure": st.sampled_from(["主动公开", "依申请公开", "不予公开"]), "printer": short,
        "print_date": st.sampled_from(["2024-03-26", "2024-03-27"]), "copies": st.integers(1, 999),
        "to_superiors": recipients, "to_peers": recipients, "to_subordinates": recipients})
    return st.fixed_dictionaries(
        {"date": date, "sections": st.lists(section, min_size=1, max_size=3)},
        optional={"number": st.integers(1, 60), "total": st.integers(1, 2000), "mark": short,
                  "supplement": st.booleans(), "colophon": colophon, "composition": composition,
                  "layout": st.fixed_dictionaries({}, optional={"lines": st.integers(10, 40),
                                                                "line_pitch": st.floats(10, 60)})},
    )


# printable Unicode everywhere: most of these load, and all of those must compose
issues = issue_trees(good_texts, st.text(PRINTABLE, min_size=1, max_size=12), pictures, st.just("2024-03-26"))
# the same shape with hostile text, wrong pictures and dates: refused with a located message
hostile_issues = issue_trees(texts, short_texts, st.one_of(pictures, bad_pictures),
                             st.sampled_from(["2024-03-26", "2024-2-30", "2024-02-30", "26/3/2024"]))


def dump(tree) -> bytes:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=float("inf")).encode("utf-8")


# ---------------------------------------------------------------- properties

@budget(300)
@given(st.one_of(trees, st.dictionaries(keys, trees, max_size=8)))
def test_random_yaml_trees(tree):
    issue = load_bytes(dump(tree))
    if issue is not None:
        compose_model(issue)


@budget(200)
@given(issues)
def test_random_text_in_every_field(tree):
    issue = load_bytes(dump(tree))
    if issue is not None:
        compose_model(issue)


@budget(200)
@given(hostile_issues)
def test_hostile_text_in_every_field(tree):
    issue = load_bytes(dump(tree))
    if issue is not None:
        compose_model(issue)



def mangled(edits: list[tuple[int, int, bytes]]) -> bytes:
    """The good file with each (at, cut, insert) edit applied: bytes cut and inserted."""
    data = bytearray(BASE.encode())
    for at, cut, insert in edits:
        at = min(at, len(data))
        data[at : at + cut] = insert
    return bytes(data)


@budget(300)
@given(st.lists(st.tuples(st.integers(0, len(BASE.encode()) - 1), st.integers(0, 3), st.binary(max_size=6)),
                min_size=1, max_size=6))
def test_mangled_bytes_of_a_good_file(edits):
    issue = load_bytes(mangled(edits))
    if issue is not None:
        compose_model(issue)


@budget(200)
@given(st.text(alphabet=" \t\n-:[]{}\"'#&*!|>?,%@`\\ab中文0", max_size=120))
def test_yaml_punctuation_soup(text):
    issue = load_bytes(text.encode())
    if issue is not None:
        compose_model(issue)


def render_both(composed: ComposedIssue, series=None) -> None:
    """Both writers draw a composed issue: a PDF and a DOCX, or a located TypesetError."""
    from typeset.writers.docx import render as render_docx
    from typeset.writers.pdf import render

    folder = Path((series or _SERIES).folder)
    layout = _LAYOUT.with_overrides(composed.issue.layout_overrides)
    pdf = render(composed, layout, [layout.folder, folder])
    assert pdf.startswith(b"%PDF-")
    docx = render_docx(composed, layout)
    assert docx.startswith(b"PK")


@budget(5, share=0.02)
@given(issues)
def test_valid_models_render_to_pdf_and_docx(tree):
    issue = load_bytes(dump(tree))
    assume(issue is not None)
    composed = compose_model(issue)
    assume(composed is not None)
    render_both(composed)


@budget(10, share=0.05)
@given(hostile_issues)
def test_hostile_models_that_load_write_a_docx(tree):
    """The DOCX writer takes every model the reader accepts (U+FFFF once got through to it)."""
    from typeset.writers.docx import render as render_docx

    issue = load_bytes(dump(tree))
    assume(issue is not None)
    composed = compose_model(issue)
    assume(composed is not None)
    assert render_docx(composed, _LAYOUT.with_overrides(composed.issue.layout_overrides)).startswith(b"PK")


# ---------------------------------------------------------------- pictures as cameras write them

MODES = {"JPEG": ["RGB", "L", "CMYK"], "PNG": ["RGB", "RGBA", "L", "LA", "P", "1", "I;16"]}
picture_files = st.fixed_dictionaries({
    "format": st.sampled_from(["JPEG", "PNG"]),
    "mode": st.integers(0, 6),
    "size": st.tuples(st.sampled_from([1, 2, 37, 300, 1200, 4000]), st.sampled_from([1, 3, 64, 450, 2000])),
    "orientation": st.sampled_from([None, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 65535]),
    "xmp": st.sampled_from([0, 100, 2_000_000]),
    "icc": st.booleans(),
    "width": st.one_of(st.none(), st.floats(0.05, 1.0)),
    "caption": st.one_of(st.none(), good_texts),
})


def picture_file(spec: dict, path: Path) -> None:
    from PIL import Image, ImageCms, PngImagePlugin

    fmt = spec["format"]
    mode = MODES[fmt][spec["mode"] % len(MODES[fmt])]
    image = Image.new("RGB", spec["size"], "steelblue").convert(mode) if mode != "I;16" else Image.new(
        "I;16", spec["size"], 300)
    extra: dict = {}
    if spec["orientation"] is not None:
        exif = Image.Exif()
        exif[0x0112] = spec["orientation"]
        extra["exif"] = exif.tobytes()
    if spec["icc"] and mode in ("RGB", "RGBA", "P"):
        extra["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    if fmt == "PNG" and spec["xmp"]:
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + "x" * spec["xmp"] + "</x:xmpmeta>", zip=True)
        extra["pnginfo"] = info
    image.save(path, fmt, **extra)


@budget(12, share=0.02)
@given(picture_files)
def test_random_pictures_build_in_both_writers(spec):
    name = f"images/random.{'jpg' if spec['format'] == 'JPEG' else 'png'}"
    picture_file(spec, _FOLDER / "issues" / name)
    item = {"image": name, **{k: spec[k] for k in ("width", "caption") if spec[k] is not None}}
    tree = {"date": "2024-03-26", "sections": [{"name": "特别关注", "articles": [
        {"title": "川渝", "paragraphs": ["会上，双方交流。", item]}]}]}
    issue = load_bytes(dump(tree))
    if issue is None:
        return
    figure = issue.sections[0].articles[0].paragraphs[1]
    turned = spec["orientation"] in (5, 6, 7, 8)
    assert figure.pixels == (spec["size"][::-1] if turned else spec["size"])
    composed = compose_model(issue)
    if composed is not None:
        render_both(composed)


# ---------------------------------------------------------------- series settings

series_trees = st.fixed_dictionaries(
    {"title": short_texts, "office": short_texts, "layout": st.sampled_from(["briefing", "briefing", "nope"]),
     "colophon": st.fixed_dictionaries(
         {"disclosure": st.sampled_from(["主动公开", "依申请公开", "不予公开", "公开"]), "printer": short_texts},
         optional={"copies": st.one_of(st.integers(-1, 999), texts), "to_superiors": st.lists(texts, max_size=3),
                   "to_peers": st.lists(texts, max_size=3), "to_subordinates": st.lists(texts, max_size=3)})},
    optional={"page_numbers": st.one_of(st.booleans(), texts),
              "composition": issue_trees(good_texts, short_texts, pictures, st.just("2024-03-26")).map(
                  lambda t: t.get("composition", {})),
              "anchor": st.fixed_dictionaries({"date": st.sampled_from(["2024-03-26", "2024-13-01"]),
                                               "number": st.integers(0, 50), "total": st.integers(1, 900)})},
)
_SERIES_FOLDER = _FOLDER / "series-fuzz" / "issues"
(_SERIES_FOLDER / "images").mkdir(parents=True)
shutil.copy(_FOLDER / "issues" / "images" / "wide.jpg", _SERIES_FOLDER / "images" / "wide.jpg")


@budget(40, share=0.05)
@given(series_trees, issues)
def test_random_series_settings(series_tree, tree):
    (_SERIES_FOLDER / "series.yaml").write_bytes(dump(series_tree))
    try:
        series = load_series(_SERIES_FOLDER)
    except TypesetError as err:
        assert all(p.origin and p.origin.line >= 1 for p in err.problems), err
        return
    issue_file = _SERIES_FOLDER / "2024" / "645.yaml"
    issue_file.parent.mkdir(exist_ok=True)
    issue_file.write_bytes(dump(tree))
    try:
        issue = load_issue(issue_file, series)
    except TypesetError as err:
        assert all(p.origin and p.origin.line >= 1 for p in err.problems), err
        return
    if series.layout != "briefing":
        return  # the build reports an unknown layout (not the reader's)
    composed = compose_model(issue, series)
    if composed is not None and series_tree.get("page_numbers") is not True:
        from typeset.writers.docx import render as render_docx

        assert render_docx(composed, _LAYOUT.with_overrides(composed.issue.layout_overrides)).startswith(b"PK")


def test_the_good_file_loads():
    """The base of the mangling property is itself valid (else the property tests nothing)."""
    assert load_bytes(BASE.encode()) is not None


@pytest.mark.parametrize("seed_text", [
    "date: 2024-03-26\nsections: [{name: '\u3000', articles: [{title: x, paragraphs: [y]}]}]\n",
    "date: 2024-03-26\nsections: [{name: a, articles: [{title: '\u200b', paragraphs: [y]}]}]\n",
    "date: 2024-03-26\nsections: [{name: a, articles: [{title: x, paragraphs: ['——————————————————————————————"
    "——————————————————————————————']}]}]\n",
    "date: 2024-03-26\nsections: [{name: a, articles: [{title: x, paragraphs: ['" + "9" * 400 + "']}]}]\n",
    "date: 2024-03-26\nsections: [{name: a, articles: [{title: x, paragraphs: ['（' ]}], }]\n",
    "date: 2024-03-26\nlayout: {lines: 10, line_pitch: 60}\nsections: [{name: a, articles: [{title: x, "
    "paragraphs: [{image: images/tall.png, caption: c}]}]}]\n",
])
def test_corner_cases_found_by_hand(seed_text):
    issue = load_bytes(seed_text.encode())
    if issue is not None:
        compose_model(issue)


@pytest.mark.parametrize("tree", [
    {"title": ["标题"] * 30, "paragraphs": ["正文"]},
    {"title": "x", "paragraphs": [{"image": "images/wide.jpg", "caption": "图" * 2000}]},
    {"title": "x", "paragraphs": ["正文"], "source": "来源" * 40},
])
def test_too_long_for_the_page_is_refused_with_its_place(tree):
    """Found by the strengthened fuzz invariant: these used to run off the text block."""
    issue = load_bytes(dump({"date": "2024-03-26", "sections": [{"name": "a", "articles": [tree]}]}))
    numbered = dataclasses.replace(issue, numbers=Numbers(1, 1))
    with pytest.raises(TypesetError) as caught:
        compose(numbered, _SERIES, _LAYOUT.with_overrides(numbered.layout_overrides))
    assert caught.value.problems[0].origin.line > 0


# ---------------------------------------------------------------- pasted text is never silently cut

PASTE = "开展方志进校园话题活动，。" + " #：:\"'-/&*!|>?%@`{}[]," + "ab1"
PARA_LINE = "          - 会上，双方就全书编纂思路进行沟通交流。\n"


@budget(300, share=0.2)
@given(st.text(alphabet="开展方志进校园", min_size=1, max_size=3), st.text(alphabet=PASTE, max_size=40),
       st.booleans())
def test_a_pasted_paragraph_is_printed_whole_or_refused(head, rest, as_source):
    """A paragraph pasted as it is into `- …` (starting with Chinese, as pasted texts do):
    it loads with exactly the text written, or is refused at a place in its line. The one
    cut by design: a comment set off by two spaces and `# `."""
    import re

    text = (head + rest).rstrip(" ")
    assume(not re.search(r" {2,}#( |$)", text))
    if as_source:
        issue = load_bytes(BASE.replace("source: 省地方志办", f"source: {text}").encode())
        if issue is not None:
            assert issue.sections[0].articles[0].source == text
        return
    issue = load_bytes(BASE.replace(PARA_LINE, f"          - {text}\n").encode())
    if issue is not None:
        assert issue.sections[0].articles[0].paragraphs[1].text == text


# ---------------------------------------------------------------- check and build agree

def check_and_build_agree(data: bytes) -> None:
    """`typeset check` on a file reports exactly the located errors `typeset build` stops at
    (the build path up to rendering: reading, numbers, composing, fitting), and passes only
    what builds."""
    from typeset.build import Project, check_issue, prepare
    from typeset.catalog import Catalog
    from typeset.fonts import faces_and_problems

    _ISSUE.write_bytes(data)
    project = Project(_FOLDER)
    catalog = Catalog.scan(project.issues, _SERIES)
    issue, checked = check_issue(_ISSUE, project, catalog)
    assume(checked or issue is None or not (catalog.unreadable or catalog.numbering.problems))  # series-wide
    warned: set[str] | None = None
    try:
        prepared = prepare(_ISSUE, project, catalog=catalog)
        built: list[str] = []
        fonts = faces_and_problems(prepared.layout, _SERIES.folder)[1]  # said once for the series by check
        warned = {str(w) for w in prepared.warnings} - {str(w) for w in fonts}
    except TypesetError as err:
        built = [str(p) for p in err.problems]
    assert [str(p) for p in checked if not p.warning] == built
    assert all(p.origin and p.origin.line for p in checked if not p.warning), checked
    if warned is not None and issue is not None:  # check warns of all build warns of
        assert {str(p) for p in [*issue.notes, *checked] if p.warning} == warned


@budget(60, share=0.05)
@given(st.one_of(issues, hostile_issues))
def test_check_and_build_agree_on_random_issues(tree):
    check_and_build_agree(dump(tree))


@budget(40, share=0.05)
@given(st.lists(st.tuples(st.integers(0, len(BASE.encode()) - 1), st.integers(0, 3), st.binary(max_size=6)),
                min_size=1, max_size=4))
def test_check_and_build_agree_on_mangled_files(edits):
    check_and_build_agree(mangled(edits))
