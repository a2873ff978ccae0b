"""The extractor's version: stored with every statement; bump it when the output changes."""

EXTRACTOR_VERSION = "1.2.0"  # 1.1: stance suggestions; 1.2: negation scope and reporting cues in stances
