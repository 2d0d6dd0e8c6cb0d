"""A second shop with a differently shaped product model, reached through a custom adapter."""
