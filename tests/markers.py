import shutil

import pytest
from django.conf import settings

IS_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if shutil.os.path.exists("/usr/bin/chromium") else None)

postgresql_only = pytest.mark.skipif(
    not IS_POSTGRESQL,
    reason="needs PostgreSQL: set DATABASE_URL=postgres://... (.ci/run does)",
)
