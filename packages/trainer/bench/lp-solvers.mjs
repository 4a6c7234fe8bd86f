// Compares the two maintained LP solvers on npm on the refit LP of `refitQueries`: for every pair of the
// moment-curve construction (n documents in d = 4), maximise t s.t. ⟨q,dⱼ⟩ − s − t ≥ 0 on R, ⟨q,dₗ⟩ − s ≤ 0 off R,
// ‖q‖∞ ≤ 1. Every solver's answer is checked by recomputing the margin of its query in float64.
// Run where both are installed (glpk.js is not a dependency of this package):
//   npm i --no-save highs@1.15.3 glpk.js@5.0.0 && node packages/trainer/bench/lp-solvers.mjs 30
import loadHighs from 'highs';
import GLPK from 'glpk.js/node';

const n = Number(process.argv[2] ?? 30);
const d = 4;
const D = Array.from({ length: n }, (_, j) => {
  const t = (2 * Math.PI * j) / n;
  return [Math.cos(t), Math.sin(t), Math.cos(2 * t), Math.sin(2 * t)].map((x) => x / Math.SQRT2);
});
const sets = [];
for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) sets.push([a, b]);
const gap = (q, R) => {
  const s = D.map((v) => v.reduce((acc, x, c) => acc + x * q[c], 0));
  return Math.min(...R.map((j) => s[j])) - Math.max(...s.filter((_, j) => !R.includes(j)));
};

const highs = await loadHighs();
const INF = highs.infinity;
const starts = [0], indices = [], values = [];
for (const withT of [true, false]) for (const row of D) {
  row.forEach((x, c) => (indices.push(c), values.push(x)));
  indices.push(d), values.push(-1);
  if (withT) indices.push(d + 1), values.push(-1);
  starts.push(indices.length);
}
const model = highs.createModel({
  numCols: d + 2, numRows: 2 * n, sense: highs.constants.objectiveSense.maximize,
  colCost: [0, 0, 0, 0, 0, 1], colLower: [-1, -1, -1, -1, -INF, -INF], colUpper: [1, 1, 1, 1, INF, INF],
  rowLower: new Float64Array(2 * n).fill(-INF), rowUpper: new Float64Array(2 * n).fill(INF),
  matrix: { format: 'csr', numRows: 2 * n, numCols: d + 2, starts, indices, values },
});
model.options.set({ output_flag: false });
let t0 = performance.now();
const highsT = [];
let highsWrong = 0;
for (const R of sets) {
  const lo = new Float64Array(2 * n), hi = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    const inR = R.includes(j);
    lo[j] = inR ? 0 : -INF; hi[j] = INF; lo[n + j] = -INF; hi[n + j] = inR ? INF : 0;
  }
  model.changeRowsBounds({ kind: 'range', from: 0, to: 2 * n - 1 }, lo, hi);
  model.run();
  const t = model.getObjectiveValue();
  const q = Array.from(model.getSolution().colValue.subarray(0, d));
  if (Math.abs(gap(q, R) - t) > 1e-9) highsWrong += 1;
  highsT.push(t);
}
const highsMs = performance.now() - t0;
model.dispose();

const glpk = await GLPK();
const solveGlpk = async (R, presol) => {
  const vars = (j, extra) => [...D[j].map((coef, c) => ({ name: `q${c}`, coef })), { name: 's', coef: -1 }, ...extra];
  const lp = {
    name: 'refit',
    objective: { direction: glpk.GLP_MAX, name: 'obj', vars: [{ name: 't', coef: 1 }] },
    subjectTo: D.map((_, j) => (R.includes(j)
      ? { name: `r${j}`, vars: vars(j, [{ name: 't', coef: -1 }]), bnds: { type: glpk.GLP_LO, lb: 0, ub: 0 } }
      : { name: `r${j}`, vars: vars(j, []), bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } })),
    bounds: [0, 1, 2, 3].map((c) => ({ name: `q${c}`, type: glpk.GLP_DB, lb: -1, ub: 1 })).concat([{ name: 's', type: glpk.GLP_FR, lb: 0, ub: 0 }, { name: 't', type: glpk.GLP_FR, lb: 0, ub: 0 }]),
  };
  const { result } = await glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol });
  return { t: result.z, q: [0, 1, 2, 3].map((c) => result.vars[`q${c}`]) };
};
const report = [`highs ${highs.version.string}: ${sets.length} LPs in ${highsMs.toFixed(0)} ms (one persistent model, warm-started), ${highsWrong} answers whose query does not reach the reported t`];
for (const presol of [true, false]) {
  t0 = performance.now();
  let wrong = 0, disagree = 0;
  for (const [i, R] of sets.entries()) {
    const { t, q } = await solveGlpk(R, presol);
    if (Math.abs(gap(q, R) - t) > 1e-9) wrong += 1;
    if (Math.abs(t - highsT[i]) > 1e-7) disagree += 1;
  }
  report.push(`glpk.js ${glpk.version} (presol ${presol}): ${sets.length} LPs in ${(performance.now() - t0).toFixed(0)} ms (a new problem each), ${wrong} answers whose query does not reach the reported t, ${disagree} optima differing from HiGHS by > 1e-7`);
}
console.log(`refit LP, moment curve n = ${n}, d = ${d}, ${new Date().toISOString().slice(0, 10)}\n${report.join('\n')}`);
