"""The claims app's pages, one module per area: `home`, `review` (editors' queue), `propositions`
(analysts' position pages) and `explore` (search, exports, comparison). URLs in `claims/urls.py`."""
