"""The extraction stages, in the order `pipeline.analyse_article` runs them.

clean (prepare the text) -> quotes -> cues and reported speech (statements) -> speakers (mentions,
coreference within the article, the actor index) -> dates -> via -> unclaimed quotations -> stances.
Each stage is a module of short functions over the article's state (`..state.ArticleState`). Speaker
resolution is incremental (a pronoun refers back to what came before it), so the sentence-level
stages run sentence by sentence in text order; the article-level ones run once after them.
"""
