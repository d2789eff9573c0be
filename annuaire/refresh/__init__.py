"""The yearly refresh of the directory: reminders, import/export resources, admin pages, schedule text."""
