"""The tools for official issues, printed before typeset made them: import one as an issue file
(importer/), compare a built issue with it line by line (compare.py), and find the settings that
compose it into the official lines (calibrate.py, calibrate_command.py)."""
