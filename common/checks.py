"""System checks of a deployment that Django's own `check --deploy` does not make."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles, deploy=True)
def static_manifest_exists(app_configs=None, **kwargs) -> list[Error]:
    """With the manifest storage production uses, every page's {% static %} looks its file up in the
    manifest `collectstatic` writes: without it every HTML page is a 500. Said before serving."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    if manifest.exists():
        return []
    return [
        Error(
            f"The static files have not been collected: {manifest} is missing, so every page would "
            "fail with 'Missing staticfiles manifest entry'.",
            hint="Run `make serve` (it collects them before starting) or `python manage.py collectstatic`.",
            id="common.E001",
        )
    ]
