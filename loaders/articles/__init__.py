"""News articles and Ofsted letters -> candidate facts (tenures, judgements, relations).

Rule-based and offline: a sentence splitter, the role/grade lexicon
(`loaders/lexicon.py`), date expressions resolved against the publication
date (`loaders/textdates.py`), and the register for authority names. Each fact
carries the file name, the evidence sentence, character offsets into the file
and a confidence. Article text is untrusted: it is only ever data.

Steps, one module each: `reading` (a file -> Article), `mentions` (authorities, people),
`roles` (person-role links), `events` (judgements), `extract` (one article and a batch),
`merge` (into the knowledge base).
"""

from loaders.articles.extract import Extractor, extract_files, known_people_from
from loaders.articles.merge import merge_articles
from loaders.articles.reading import MAX_ARTICLE_BYTES, Article, ArticleError, article_paths, read_article, sentence_spans

__all__ = ["MAX_ARTICLE_BYTES", "Article", "ArticleError", "Extractor", "article_paths", "extract_files",
           "known_people_from", "merge_articles", "read_article", "sentence_spans"]
