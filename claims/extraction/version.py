"""The extractor's version: stored with every statement; bump it when the output changes."""

EXTRACTOR_VERSION = "1.1.0"  # 1.1: stance suggestions
