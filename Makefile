# PoseCluster: `make demo` runs the main job on embedded defaults; `make test` runs every test.
# Both install what they need first (make setup).

SHELL := /bin/bash
CONFIGURATION ?= Release
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all setup build test demo bench native fixtures clean

all: build

# apt and npm prerequisites (idempotent).
setup:
	@tools/setup.sh

# Builds the solution and leaves a runnable bin/posecluster.
build: setup
	$(DOTNET) build PoseCluster.sln -c $(CONFIGURATION) -nologo -clp:ErrorsOnly
	$(DOTNET) publish src/Host/PoseCluster.Host.csproj -c $(CONFIGURATION) -o artifacts/posecluster --no-build -nologo
	@mkdir -p bin
	@printf '#!/usr/bin/env bash\nexec dotnet "$$(cd "$$(dirname "$${BASH_SOURCE[0]}")/.." && pwd)/artifacts/posecluster/posecluster.dll" "$$@"\n' > bin/posecluster
	@chmod +x bin/posecluster
	@echo "built bin/posecluster"

# Every test project; results as trx under TestResults/ (counted by .ci/run).
# Servers the tests talk to are started here, on 127.0.0.1 only (tools/test-*.sh).
test: build
	rm -rf TestResults
	POSECLUSTER_TEST_POSTGRES="$$(tools/test-postgres.sh)" \
	$(DOTNET) test PoseCluster.sln -c $(CONFIGURATION) --no-build -nologo \
	  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults

demo: build
	bin/posecluster demo

bench: build
	$(DOTNET) run -c $(CONFIGURATION) --no-build --project bench/PoseCluster.Bench.Runtime -- --filter '*PingPong*'

# The native SoloPose library on libtorch (src/Models/native); nothing to build until the model lands.
native:
	@echo "native: no native library yet"

# Regenerates the committed synthetic fixtures (tools/synth).
fixtures: setup
	@echo "fixtures: the synthetic data generator lands with the datasets issue"

clean:
	rm -rf artifacts bin TestResults .posecluster
	find src tests bench -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

# Durable sharded messages through PostgreSQL with three node processes (docs/BENCHMARKS.md, issue 6).
.PHONY: bench-cluster
bench-cluster: build
	POSECLUSTER_TEST_POSTGRES="$$(tools/test-postgres.sh)" $(DOTNET) run -c $(CONFIGURATION) --project bench/PoseCluster.Bench.Cluster -- 20000 2000
