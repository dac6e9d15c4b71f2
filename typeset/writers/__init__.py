"""Writers: ComposedIssue → output bytes. Writers never import each other."""
