"""The Excel ribbon add-in: build the .xlam, install it, and the click that xlwings' RunPython calls."""
