"""Entity resolution: the name grammar (`names`), the indexes that map every
alias to one canonical model or vendor (`index`), and lookups by name for
queries (`lookup`). Builds on the store only."""
