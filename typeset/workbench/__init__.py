"""The editors' workbench, server side: the JSON API that `typeset serve` mounts
(api.py), saving round-trip (roundtrip.py, saving.py), git history (history.py,
changes.py), contributions and pictures (uploads.py), outputs and the year's volume
(outputs.py), and `typeset history` / `typeset restore` (command.py)."""
