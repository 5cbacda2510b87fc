"""``python -m mock_server serve …`` runs the ``hogmock`` command."""

import sys

from mock_server.cli import main

sys.exit(main())
