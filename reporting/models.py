from reporting.usage_models import *  # noqa: F403  (the usage report's models, reporting/usage_models.py)
