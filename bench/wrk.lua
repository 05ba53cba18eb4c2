-- Prints the figures bench/run.py reads: latency percentiles (ms) and requests per second.
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50=%.3f p95=%.3f p99=%.3f requests=%d errors=%d seconds=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    summary.duration / 1e6))
end
