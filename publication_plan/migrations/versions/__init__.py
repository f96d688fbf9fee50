"""The FOI store's Alembic revisions (a package only so that the wheel carries them)."""
