"""Named queries: the questions a reporter cites, served at /q/<name>
(api.web.named) and opened as GraphiQL's tabs. Each file is one query
whose leading comment says what it answers; its variables' defaults make
it run as is."""
