// Where does float32 stop being enough for the moment-curve construction? For k = 2 and 3, scan n
// and report the smallest n at which some k-subset is no longer an exact top-k when the vectors
// are stored and scored in float32 (float64 stays exact throughout). Run after `pnpm build`:
//   node bench/moment-curve-float32.mjs
import { momentCurveEmbedding } from '../dist/index.js';

for (const [k, lo, hi] of [[2, 10, 400], [3, 10, 200]]) {
  let firstFailure = null;
  for (let n = lo; n <= hi; n++) {
    const v = momentCurveEmbedding(n, k).verify({ maxSubsets: 200_000 });
    if (v.float64.accuracy !== 1) console.log(`k=${k} n=${n}: float64 failed too`);
    if (v.float32.accuracy < 1) {
      firstFailure = { n, float32Accuracy: v.float32.accuracy, float64MinMargin: v.float64.minMargin, exhaustive: v.exhaustive };
      break;
    }
  }
  console.log(`k = ${k}: first float32 failure at`, firstFailure);
  for (const n of k === 2 ? [100, 200, 400, 600, 1000, 2000] : [20, 50, 100, 200]) {
    const v = momentCurveEmbedding(n, k).verify({ maxSubsets: 200_000 });
    console.log(
      `  n=${n}: ${v.exhaustive ? 'all' : 'sampled'} ${v.subsetsChecked} subsets; float64 acc ${v.float64.accuracy} min margin ${v.float64.minMargin.toExponential(3)}; float32 acc ${(100 * v.float32.accuracy).toFixed(2)}% min margin ${v.float32.minMargin.toExponential(3)}`,
    );
  }
}
