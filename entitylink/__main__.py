import sys

from entitylink.cli import main

sys.exit(main())
