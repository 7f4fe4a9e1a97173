"""Writers: every file xltool puts on the user's disk (workbook, marked copy, Word template and report, PDF), through
files.py (refuse-overwrite, atomic write, fixed-time zip)."""
