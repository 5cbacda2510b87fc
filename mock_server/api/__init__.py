"""The HTTP layer: one module per concern (routing, auth, bodies, JSON) and one per route group."""
