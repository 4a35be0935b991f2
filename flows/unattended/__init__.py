"""Keeping unattended runs safe: run lock, kept batches, snapshot, backoff, schedule."""
