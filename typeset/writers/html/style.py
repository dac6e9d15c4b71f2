"""The web edition's stylesheet: local faces only, fluid on a phone, a print variant."""

from __future__ import annotations

# Faces an office machine or a phone has; nothing is fetched.
BODY = '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif'
TITLE = '"方正小标宋简体", "华文中宋", STZhongsong, "Noto Serif CJK SC", serif'
HEI = '"黑体", SimHei, "Noto Sans CJK SC", sans-serif'
KAI = '"楷体_GB2312", "楷体", KaiTi, STKaiti, serif'


def stylesheet(red: str) -> str:
    return f"""
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0 auto; padding: 1rem; max-width: 42em; font-family: {BODY};
       font-size: 1.125rem; line-height: 1.8; color: #000; background: #fff; }}
.masthead {{ text-align: center; border-bottom: 2px solid {red}; margin-bottom: 1.5rem; }}
.masthead .mark {{ text-align: left; font-family: {HEI}; margin: 0; }}
h1 {{ margin: .5rem 0; font-weight: normal; }}
h1 .series {{ display: block; font-family: {TITLE}; color: {red}; font-size: clamp(1.6rem, 7vw, 2.6rem);
             letter-spacing: .1em; line-height: 1.3; }}
h1 .number {{ display: block; font-family: {KAI}; font-size: 1.125rem; margin-top: .5rem; }}
.office {{ display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1em; margin: .5rem 0; }}
h2 {{ font-family: {HEI}; font-weight: normal; font-size: 1.2rem; margin: 1.5rem 0 .5rem; }}
h3 {{ font-family: {TITLE}; font-weight: normal; font-size: 1.5rem; text-align: center; line-height: 1.5;
     margin: 1rem 0; }}
h4, h5, h6 {{ font-size: 1.125rem; margin: .5rem 0; text-indent: 2em; }}
h4 {{ font-family: {HEI}; font-weight: normal; }}
h5 {{ font-family: {KAI}; font-weight: normal; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.source {{ text-align: right; text-indent: 0; }}
figure {{ margin: 1rem 0; text-align: center; }}
figure img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 1rem; }}
.colophon {{ margin-top: 2rem; border-top: 1px solid #000; border-bottom: 1px solid #000; font-size: 1rem;
            padding: .5rem 0; }}
.colophon p {{ text-indent: 0; text-align: left; }}
.colophon p.split {{ display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1em; }}
@media print {{
  @page {{ size: A4; margin: 25mm 20mm; }}
  body {{ max-width: none; padding: 0; font-size: 16pt; line-height: 1.6; }}
  h1 .series {{ font-size: 36pt; }}
  h2, h3, h4, h5, h6 {{ break-after: avoid; }}
  figure, .colophon {{ break-inside: avoid; }}
  p {{ orphans: 2; widows: 2; }}
}}
"""
