"""The sweep of sweep.rhai in plain Python: a loop over 100,000 rates, NPV of 41 flows each."""

flows = [-1000] + list(range(50, 90))


def npv(rate, values):
    total = 0.0
    for t, value in enumerate(values):
        total += value / (1 + rate) ** t
    return total


rates = [i * 0.000005 for i in range(100_000)]
results = [npv(r, flows) for r in rates]
print(len(results))
