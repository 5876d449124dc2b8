import sys

from mediabias.cli import main

sys.exit(main())
