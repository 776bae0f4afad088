"""`python -m postlint`."""

import sys

from postlint.safe_path import drop_working_directory

drop_working_directory(first=True)  # before anything else is imported (see safe_path)

from postlint.cli import main  # noqa: E402

sys.exit(main())
