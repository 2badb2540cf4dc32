#!/bin/sh
# Builds routesh and runs the whole test suite, as CI does:
#   1. the release build and every CTest suite but the fuzzers;
#   2. the unit tests again under AddressSanitizer + UBSan;
#   3. the libFuzzer targets (clang), briefly.
set -eu
cd "$(dirname "$0")/.."
jobs="$(nproc)"

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" -LE fuzz

echo "== unit tests under ASan+UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DROUTESH_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" --target schema_test backend_test ipsec_bench_test \
  commits_test shell_test
ctest --test-dir build-asan --output-on-failure -j"$jobs" -L unit

echo "== fuzz targets (libFuzzer, time-boxed)"
CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DROUTESH_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_targets
ctest --test-dir build-fuzz --output-on-failure -L fuzz
