# The two commands of the README, and a few conveniences.
.PHONY: demo test bench serve clean

# Set up a fresh machine and print a personalised plan from the bundled curriculum.
demo:
	@scripts/setup
	.venv/bin/mlpath recommend --known "python, numpy, some statistics" --target "machine learning engineer" --hours-per-week 10

# Set up and run the whole test suite (starts and stops a local Neo4j).
test:
	@scripts/test

bench:
	@scripts/setup --test
	@for b in benchmarks/bench_*.py; do echo "== $$b"; .venv/bin/python $$b --quick || exit 1; done

serve:
	@scripts/setup
	.venv/bin/mlpath serve

clean:
	-scripts/neo4j-local stop
	rm -rf .venv .neo4j test-output .pytest_cache .hypothesis
