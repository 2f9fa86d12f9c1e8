console.log('npm run bench: the benchmarks are not written yet (they arrive with the benchmark issue).');
