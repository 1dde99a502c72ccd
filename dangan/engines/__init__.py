"""Pure engines: compliance rules, deliverable QC, OCR, identifiers.

Nothing under this package may import Django. Each engine runs from the command line
on its own (``dangan qc …``, ``dangan ocr …``, ``dangan compliance …``) and is called
by the Django apps through plain data.
"""
