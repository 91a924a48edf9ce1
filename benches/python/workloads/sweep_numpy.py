"""The sweep of sweep.rhai vectorised by hand in numpy: one 100,000 x 41 discount matrix."""

import numpy as np

flows = np.array([-1000] + list(range(50, 90)), dtype=float)
rates = np.arange(100_000) * 0.000005
results = ((1 + rates[:, None]) ** -np.arange(len(flows))) @ flows
print(len(results))
