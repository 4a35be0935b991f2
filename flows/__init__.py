"""The schedule-facing side of dealwatch: network, config, Prefect flows and the command line."""
