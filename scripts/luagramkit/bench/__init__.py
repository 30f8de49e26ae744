"""The benchmarks of scripts/bench, one module per benchmark (`python3 -m luagramkit.bench`)."""
