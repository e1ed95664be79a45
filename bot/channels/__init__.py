"""Thin adapters between messengers and the engine."""
