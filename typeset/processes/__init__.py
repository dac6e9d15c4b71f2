"""The processes a command runs in and starts: the command's own made fit (console, interrupt),
the forked PDF process of a cold build (pdf_process), and the pools of worker processes
(pools) that build many issues at once (many)."""
