"""Index datasets into Solr through CKAN (``package_show`` and the plugins' index hooks), with
the commit deferred; run by bench/search.py in one process per core.

    python bench/search_index.py CKAN_INI IDS_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    ini, ids_file = sys.argv[1:3]
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    ids = Path(ids_file).read_text().split()
    with app._wsgi_app.test_request_context():
        from ckan import logic

        for package_id in ids:
            logic.index_update_package({"ignore_auth": True}, package_id, True)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
