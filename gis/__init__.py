"""Migrate North Lanarkshire Council's legacy GIS layers to open standards and serve them."""
