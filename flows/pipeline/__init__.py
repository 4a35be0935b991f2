"""The run's stages (plain and as Prefect tasks), storing a batch, and what the run reports."""
