"""Reading sources: HTTP, feeds, pages (fetch + clean), article files, folders, URLs."""
