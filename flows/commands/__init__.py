"""One module per group of `dealwatch` commands."""
