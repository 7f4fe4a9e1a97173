"""Readers of the clerk's workbook: a saved .xlsx (``xlsx``), the open book in Excel (``book``), Report JSON
(``reportjson``); ``grid`` is where both workbook readers turn cell values into the report model. Published reports
(txt, docx, pdf, html) are read by ``xltool.importers`` instead."""
