"""The rules: an ``AnnualReport`` in, ``Findings`` out. Nothing here reads or writes a file."""
