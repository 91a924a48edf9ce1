"""The Monte Carlo of monte_carlo.rhai vectorised by hand in numpy: 1,000,000 normal rates,
the NPV of 41 flows at each by Horner's scheme over the rate vector, the same summary."""

import numpy as np

flows = np.array([-1000] + list(range(50, 90)), dtype=float)
rates = np.random.default_rng(42).normal(0.08, 0.02, 1_000_000)
discount = 1 / (1 + rates)
npv = np.zeros_like(rates)
for flow in flows[::-1]:
    npv = npv * discount + flow
summary = (npv.mean(), npv.std(ddof=1), *np.percentile(npv, [5, 50, 95]), npv.min(), npv.max())
print(len(summary))
