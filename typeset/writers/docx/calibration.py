"""How Word and LibreOffice set a DOCX, measured: the one place for the writer's calibrations.

Each value was measured by rendering DOCX files with LibreOffice 7.4 (Debian 12,
`soffice --convert-to pdf`) and reading the PDF back (pdftotext -bbox), as the
LibreOffice tests under tests/writers/docx/ still do; Word agrees where noted. The
behaviours named here that scripts/office_probe.py checks (negative spacing dropped at the
end of each text portion: run ends, changes between Chinese and Latin script, line ends;
the marks hung) are the same in LibreOffice 25.2; the figures were not measured there.
"""

# Where Word and LibreOffice put the baseline in a line of exact height: four fifths down.
EXACT_ASCENT = 0.8
# The closing marks LibreOffice 7.4 hangs past the right edge; a line the composer ends
# with another hung mark is fitted by squeezing instead (fitting.py, unhang).
HANGS = "，。、；：？！"
# pt per character by which a program's advance may fall short of the exact scaled width
# (LibreOffice 7.4 sets a scaled glyph up to 0.05 pt narrower).
ADVANCE_SLACK = 0.05
# LibreOffice 7.4 draws a hung mark only while the room left on the line before it is less
# than about 0.6 of the mark's width; lines are kept under this share of it ...
HANG_ROOM = 0.5
# ... and, when a line is widened for it, filled to this share of that limit.
HANG_FILL = 0.9
# At most this many twips closer or wider than the style's condensing a stretch of a line's
# characters is spaced to keep a composed line in LibreOffice (fitting.py, _retune).
SPACING_STEPS = 12
# ... and, where spacing cannot do it, at most this many percent narrower or wider a
# character is scaled (never below SCALE_FLOOR).
STRETCH = 5
# pt to spare below a squeezed mark's width, for the programs' rounding to the twip.
SQUEEZE_SPARE = 0.05
# pt past the measure a line that takes the next line's first unit is filled to (it must
# not take it: LibreOffice breaks a line that ends within this of the measure the same way).
FILL_SPARE = 0.1
# A character set narrower (push-in, fitting, a curly quote) is scaled no further than
# this percent, and spaced for the rest (w:spacing), so that no glyph is visibly
# distorted. LibreOffice 7.4 drops the negative spacing of a character that ends a text portion,
# so the fitting reckons such a character at its scaled width alone.
SCALE_FLOOR = 90
