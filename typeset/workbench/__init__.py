"""The editors' workbench: `typeset serve` grown into the place where an issue is made."""
