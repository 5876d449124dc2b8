import sys

from mediabias.cli import main

if __name__ == "__main__":  # a Dask worker process started by spawn imports this module again
    sys.exit(main())
