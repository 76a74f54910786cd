// Percentiles for the benchmarks (node side): the value at rank floor(q * n) of the sorted values, q from 0 to
// 1 (0.5 is the median: the middle value of an odd count, the upper middle of an even one); NaN for none.
export function percentile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}
