"""Settings for the benchmark: the production settings, plus what only a benchmark needs.

- `bench` is installed for its `seed_city` command and the baseline view (`/bench/baseline/`),
  the trivial page every figure is compared with: same server, same middleware, no work.
- Every response says how many SQL queries it took (`X-Bench-Queries`), so the runner can report
  queries per request without a debug toolbar.
- The API's per-person throttles are lifted: the vote loop is 16 connections voting as fast as
  they can, which a real person's limits would rightly refuse.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIDDLEWARE, REST_FRAMEWORK

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
