"""Browser tests of the built site (a package, so its conftest and modules keep names of their own)."""
