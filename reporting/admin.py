import reporting.usage_admin  # noqa: F401  (the usage report's admin pages, reporting/usage_admin.py)
