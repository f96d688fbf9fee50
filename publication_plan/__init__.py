"""FOI-driven publication plan: FOI log import, topic matching, plan status,
coverage, suggestions with draft replies, and the Guide to Information."""
