"""Fact-check in the API: each claim's status against the data
(`ClaimVerdict`, fields every `Claim` has) and the `claims` connection."""
