"""Writers: the files xltool makes (workbook, marked copy, Word template, Word report, PDF)."""
