"""Everything that writes training records. Pages, the API, imports and the demo call these, never the ORM."""
