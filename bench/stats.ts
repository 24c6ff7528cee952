// How precisely a bench ratio is known: a bootstrap interval of the ratio of two medians, so a
// section can print whether its runs can tell a 3 % overhead from noise (rather than a median
// alone, which looks equally sure after 2 runs or 50).
import { prng } from '../test/wire/fuzz-payloads';
import { median } from './lib';

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
  const random = prng(0x5eed); // seeded: the same runs always give the same interval
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
