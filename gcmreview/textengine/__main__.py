"""``python -m gcmreview.textengine classify|evaluate|calibrate``."""

import sys

from .cli import main

sys.exit(main())
