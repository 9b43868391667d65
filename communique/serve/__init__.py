"""The HTTP API and the dashboard (`communique serve`, docs/serve.md).

from communique.serve import ServeSettings, create_app
app = create_app(ServeSettings(db="events.duckdb"))
"""

from communique.serve.app import create_app
from communique.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
