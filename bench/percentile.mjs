// Percentiles for the benchmarks (node side): the value at rank floor(q * n) of the sorted values, q from 0 to
// 1 (0.5 gives the middle value of an odd count, the upper middle of an even one: median below is the median
// the benches report); NaN for none.
export function percentile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

// The median every bench reports: the middle value of an odd count, the mean of the two middle values of an even
// one (so two runs give their mean, not whichever came out higher or lower); NaN for none.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
