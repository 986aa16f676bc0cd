"""How the open catalogue is found and reused: JSON-LD, the search feed, the sitemap, open data."""
