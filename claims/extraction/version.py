"""The extractor's version: stored with every statement; bump it when the output changes."""

EXTRACTOR_VERSION = "1.5.0"  # 1.1: stances; 1.2: stance negation scope, reporting cues; 1.3: via from "by the X newspaper" and "X's expert"; 1.4: stances read from the parse, with evidence; 1.5: reported speech (parenthetical cues, framing verbs, findings, documents, questions), speakers named by their fullest name with the role apart, stances toward the article's question
