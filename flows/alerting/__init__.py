"""Alerts to people: channel delivery and the formats alerts are written in."""
