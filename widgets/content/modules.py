"""The module content kinds, registered with the catalog. Add a line here for a new kind."""
