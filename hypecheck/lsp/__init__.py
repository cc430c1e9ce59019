"""``hypecheck lsp``: a Language Server Protocol server, so editors show findings as diagnostics.

- ``positions``: document offsets <-> LSP positions in UTF-8, UTF-16 or UTF-32 code units;
- ``htmlmap``: offsets in the article text extracted from an HTML page -> offsets in the page;
- ``analysis``: configuration, one Analyzer per configuration file, a document -> findings
  located in the document's own text;
- ``diagnostics``: findings -> diagnostics and hover text;
- ``actions``: code actions (a finding's suggestion, or a suppression comment);
- ``server``: the pygls server wiring (debouncing, analysis off the message loop).
"""
