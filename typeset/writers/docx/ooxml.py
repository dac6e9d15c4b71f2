"""WordprocessingML building blocks: units, elements in schema order, runs and fields.

Word rejects a file whose property elements stand out of the schema's order,
so every container this writer fills has its order in `ORDER` (ECMA-376 5th
edition, Part 1, the complex types named beside each), and `put()` inserts a
child at its place, replacing one of the same name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# Child order of the containers this writer fills (ECMA-376 Part 1).
ORDER: dict[str, tuple[str, ...]] = {
    # CT_PPrBase, §17.3.1.26 (+ rPr, sectPr of CT_PPr)
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
        "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
        "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
        "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    ),
    # EG_RPrBase, §17.3.2.28
    "w:rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
        "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
        "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
        "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    ),
    # CT_Style, §17.7.4.17
    "w:style": (
        "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
        "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
        "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
        "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
    ),
    # CT_SectPr, §17.6.17
    "w:sectPr": (
        "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
        "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
        "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    ),
    # CT_TblPr, §17.4.60
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    ),
    # CT_TcPr, §17.4.70
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    ),
    # CT_Settings, §17.15.1.78 (the part of it this writer touches, in order)
    "w:settings": (
        "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
        "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
        "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
        "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
        "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
        "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
        "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
        "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
        "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView",
        "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
        "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme",
        "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
        "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
        "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
        "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
        "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
        "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
        "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
        "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
        "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl",
        "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
        "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
        "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
        "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving",
        "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
        "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
        "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
        "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
        "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
        "w:listSeparator",
    ),
}


# ---------------------------------------------------------------- units

def twips(pt: float) -> int:
    """pt → twentieths of a point (page set-up, indents, spacing, tabs)."""
    return round(pt * 20)


def half_points(pt: float) -> int:
    """pt → half-points (w:sz)."""
    return round(pt * 2)


def eighths(pt: float) -> int:
    """pt → eighths of a point (border widths), within Word's range 2–96."""
    return max(2, min(96, round(pt * 8)))


def hex_color(color: str) -> str:
    """'#FF0000' → 'FF0000'."""
    return color.lstrip("#").upper()


# ---------------------------------------------------------------- elements

def w(local: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: w("p")."""
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{local}"


def paragraph(style: str, ppr_extra: Iterable[etree._Element] = ()) -> etree._Element:
    """An empty w:p of paragraph style `style`, with more paragraph properties."""
    p = el("w:p")
    ppr = el("w:pPr")
    put(ppr, el("w:pStyle", {"val": style}))
    for extra in ppr_extra:
        put(ppr, extra)
    p.append(ppr)
    return p


def el(tag: str, attrs: Mapping[str, object] | None = None,
       children: Iterable[etree._Element] = ()) -> etree._Element:
    """A new element `tag` with w:-qualified attributes and children."""
    e = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        e.set(qn(key if ":" in key else f"w:{key}"), str(value))
    for child in children:
        e.append(child)
    return e


def put(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Insert `child` at its schema position in `parent`, replacing one of the same name."""
    order = ORDER.get(parent.prefix + ":" + etree.QName(parent).localname, ())
    name = child.prefix + ":" + etree.QName(child).localname
    for old in parent.findall(child.tag):
        parent.remove(old)
    if name in order:
        rank = order.index(name)
        for k, sibling in enumerate(parent):
            if not isinstance(sibling.tag, str):
                continue
            sib = (sibling.prefix or "") + ":" + etree.QName(sibling).localname
            if sib in order and order.index(sib) > rank:
                parent.insert(k, child)
                return child
    parent.append(child)
    return child


def sub(parent: etree._Element, tag: str, attrs: Mapping[str, object] | None = None
        ) -> etree._Element:
    """put() a new element `tag` with attributes."""
    return put(parent, el(tag, attrs))


def props(parent: etree._Element, tag: str) -> etree._Element:
    """The w:pPr / w:rPr / w:tblPr … child of parent, created at its place if missing."""
    found = parent.find(qn(tag))
    return found if found is not None else put(parent, el(tag))


def fonts(east_asian: str, latin: str) -> etree._Element:
    """w:rFonts naming the faces outright: no theme fonts, so no program swaps them."""
    return el("w:rFonts", {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": latin})


def on_off(tag: str, value: bool) -> etree._Element:
    return el(tag, {"val": "1" if value else "0"})


def text_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    r = el("w:r")
    if rpr is not None and len(rpr):
        r.append(rpr)
    t = el("w:t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def tab_run() -> etree._Element:
    return el("w:r", children=[el("w:tab")])


def break_run() -> etree._Element:
    return el("w:r", children=[el("w:br")])


def field_runs(instruction: str, shown: str, rpr_factory=None) -> list[etree._Element]:
    """A complex field (PAGE …): begin, instruction, separate, the result shown, end."""
    def run(*children: etree._Element) -> etree._Element:
        r = el("w:r")
        if rpr_factory is not None:
            r.append(rpr_factory())
        for c in children:
            r.append(c)
        return r

    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    result = el("w:t")
    result.text = shown
    return [
        run(el("w:fldChar", {"fldCharType": "begin"})),
        run(instr),
        run(el("w:fldChar", {"fldCharType": "separate"})),
        run(result),
        run(el("w:fldChar", {"fldCharType": "end"})),
    ]
