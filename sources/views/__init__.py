"""The sources app's pages: `articles` (the article list and page) and `ingest` (editors submit and
watch jobs). URLs in `sources/urls.py`."""
