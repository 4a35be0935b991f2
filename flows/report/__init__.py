"""The report: one offline HTML page of the warehouse's deals, conflicts, sources and runs; Prefect artifacts."""
