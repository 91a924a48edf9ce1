"""The sweep of sweep.rhai with numpy-financial: npf.npv at each of the 100,000 rates.

numpy-financial 1.0's npv takes one rate at a time (an array of rates does not broadcast
against the flows), so this is how its users write a sweep; sweep_numpy.py is the hand-
vectorised version.
"""

import numpy as np
import numpy_financial as npf

flows = np.array([-1000] + list(range(50, 90)), dtype=float)
rates = np.arange(100_000) * 0.000005
results = [npf.npv(r, flows) for r in rates]
print(len(results))
