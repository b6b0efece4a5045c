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

# Builds the Gloo shim and the solution and leaves a runnable bin/posecluster. The shim is copied next to
# every app and test binary by src/Models/PoseCluster.Models.csproj (when it exists at build time).
# bin/posecluster is published ReadyToRun for this machine's runtime identifier: precompiled code starts
# without JIT work (about 0.2 s less CPU per command; docs/BENCHMARKS.md, harmonize end to end).
RID ?= $(shell $(DOTNET) --info | awk '/RID:/ {print $$2; exit}')
build: setup native
	$(DOTNET) build PoseCluster.sln -c $(CONFIGURATION) -nologo -clp:ErrorsOnly
	$(DOTNET) publish src/Host/PoseCluster.Host.csproj -c $(CONFIGURATION) -o artifacts/posecluster -r $(RID) --self-contained false -p:PublishReadyToRun=true -nologo -clp:ErrorsOnly
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

# From a terminal the demo keeps serving its dashboard until Ctrl-C; without one (CI, a pipe) it exits after the
# results, as with `make demo DEMO_ARGS=--no-serve`.
demo: build
	bin/posecluster demo $(DEMO_ARGS)

bench: build
	tools/setup.sh bench
	bench/solopose/run.sh 10 1
	bench/formats/run.sh
	$(DOTNET) run -c $(CONFIGURATION) --no-build --project bench/PoseCluster.Bench.Storage -- --megabytes 256 --iterations 5
	$(MAKE) bench-augmotion bench-harmonize bench-cluster bench-experiments

# The Gloo shim (src/Models/native: a C ABI over Debian's libgloo, no libtorch) -> artifacts/native/libposecluster_gloo.so,
# copied next to every app and test binary by src/Models/PoseCluster.Models.csproj. Incremental.
NATIVE_SO := artifacts/native/libposecluster_gloo.so
NATIVE_SRC := src/Models/native/posecluster_gloo.cpp src/Models/native/posecluster_gloo.h src/Models/native/posecluster_gloo.map
native: setup $(NATIVE_SO)
$(NATIVE_SO): $(NATIVE_SRC)
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -O3 -fPIC -shared -fvisibility=hidden -fvisibility-inlines-hidden -Wall -Wextra -Werror \
	  -Wl,--version-script=src/Models/native/posecluster_gloo.map -Wl,--no-undefined \
	  -o $@ src/Models/native/posecluster_gloo.cpp -lgloo -pthread

# Regenerates the committed synthetic fixtures (tools/synth).
# Debian's python3 (numpy, scipy), not whatever python3 comes first on PATH.
SYNTH_PYTHON ?= /usr/bin/python3
fixtures: setup
	rm -rf tests/fixtures/datasets
	$(SYNTH_PYTHON) tools/synth/synth.py --out tests/fixtures/datasets --seed 7 --size 1

clean:
	rm -rf artifacts bin TestResults .posecluster .posecluster-bench
	find src tests bench -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

# AugMotion harmonization throughput against the numpy peer (bench/peers), 1 and 2 cores (docs/BENCHMARKS.md).
.PHONY: bench-augmotion
bench-augmotion: setup
	$(DOTNET) run -c Release --project bench/PoseCluster.Bench.AugMotion -- --sequences 64 --frames 1500 --repeats 3
# posecluster harmonize end to end on a 600k-frame, 220 MiB Human3.6M npz (generated, never committed) against
# the numpy peer, 1 and 2 cores, alternating (docs/BENCHMARKS.md). The npz is cached under /tmp.
.PHONY: bench-harmonize
bench-harmonize: build
	$(DOTNET) run -c Release --project bench/PoseCluster.Bench.Harmonize -- --rounds 5
# Akka.NET sharded Tell/Ask across three node processes and the failover time after SIGKILL (docs/BENCHMARKS.md, issue 10).
.PHONY: bench-cluster
bench-cluster: build
	POSECLUSTER_TEST_POSTGRES="$$(tools/test-postgres.sh)" $(DOTNET) run -c $(CONFIGURATION) --no-build --project bench/PoseCluster.Bench.Cluster -- --messages 100000 --counters 1000
# Data-parallel scaling of the cluster's training path: 1 vs 2 in-process ranks on the demo's model and corpus (docs/BENCHMARKS.md, issue 14).
.PHONY: bench-experiments
bench-experiments: build
	bench/experiments/run.sh 60
