"""The API's request parsers (DEFAULT_PARSER_CLASSES). A module of their own: DRF's APIView reads that
setting when rest_framework.views is first imported, and common.api imports rest_framework.views, so a
parser defined in common.api would be looked up before it exists when common.api is imported first."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser


class JSONParser(DRFJSONParser):
    """DRF's JSON parser, with JSON nested deeper than Python's recursion limit an invalid body (400)
    rather than a RecursionError out of the json module (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
