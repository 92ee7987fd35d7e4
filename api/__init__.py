"""The GraphQL layer: Strawberry types, resolvers, loaders, the Starlette app
and the `tokenatlas` command. It imports `graph`; `graph` never imports it."""
