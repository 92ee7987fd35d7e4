"""Provenance: every value as a Fact with its Source (`facts`), the order in
which sources are preferred (`precedence`), and where they disagree
(`conflicts`)."""
