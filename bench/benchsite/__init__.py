"""Bench-only Django site: production settings plus a bare view. Never deployed."""
