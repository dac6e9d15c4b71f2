"""typeset: 简报 from YAML to PDF and DOCX in the official format.

Stages, one module or package each, in the order they run:

    reader/      YAML → model (schema validation, located errors)
    numbering    model → model with 第 N 期 / 总第 M 期
    compose/     model + layout → composed issue (every line and page decided)
    writers/pdf  composed issue → PDF (HTML + WeasyPrint)
    writers/docx composed issue → DOCX (python-docx)
    build        chains them and writes the outputs safely
"""
