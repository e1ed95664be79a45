"""The conversation, independent of any messenger: plain events in, plain replies out."""
