"""The `autonomy-game` command line.

Before numpy is first imported, OpenBLAS is asked for one thread unless the user chose
otherwise (OPENBLAS_NUM_THREADS set). The game's matrix products are many and small: a
second BLAS thread only spins (the batch runs already pin BLAS to one thread with
threadpoolctl, measured on 2 cores), and starting the library's thread pool costs the
interactive game and `simulate --runs 1` tens of milliseconds of start-up.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
