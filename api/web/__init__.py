"""What a browser gets: GraphiQL served with vendored, pinned assets (no
request leaves the server's origin), and the named queries at /q."""
