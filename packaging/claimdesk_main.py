"""Entry point of the PyInstaller build (packaging/claimdesk.spec).

freeze_support() must run first: the suggestion workers are started with the "spawn"
method (desktop/core/nlp/runner.py), which re-launches this executable; in a worker it
runs the worker's code and exits instead of starting another Claimdesk.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from desktop.cli import main

    sys.exit(main())
