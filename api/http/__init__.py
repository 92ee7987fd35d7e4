"""HTTP: the Starlette app serving /graphql, health and readiness."""
