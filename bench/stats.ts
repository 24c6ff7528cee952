// How precisely a bench ratio is known: a bootstrap interval of the ratio of two medians, so a
// section can print whether its runs can tell a 3 % overhead from noise (rather than a median
// alone, which looks equally sure after 2 runs or 50).

/** A small seeded generator (mulberry32): the same runs always give the same interval. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The central 95 % of median(a) ÷ median(b) over `rounds` resamplings (with replacement) of
 * each sample; [NaN, NaN] when either sample is empty.
 */
export function ratioInterval(
  a: number[],
  b: number[],
  rounds = 4000
): [number, number] {
  if (!a.length || !b.length) {
    return [NaN, NaN];
  }
  const random = seeded(0x5eed);
  const pick = (values: number[]) =>
    values.map(() => values[Math.floor(random() * values.length)]);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ratios.push(median(pick(a)) / median(pick(b)));
  }
  ratios.sort((x, y) => x - y);
  return [
    ratios[Math.floor(rounds * 0.025)],
    ratios[Math.ceil(rounds * 0.975) - 1]
  ];
}
