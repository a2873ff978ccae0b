"""Errors the extraction API raises."""

from __future__ import annotations


class TextTooLong(ValueError):
    """The article text is longer than the configured limit; it is refused before any parsing."""

    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"text is {size:,} characters long, over the extraction limit of {limit:,} characters"
        )

    def __reduce__(self) -> tuple[type[TextTooLong], tuple[int, int]]:
        """Picklable, so a worker process can report it."""
        return TextTooLong, (self.size, self.limit)
