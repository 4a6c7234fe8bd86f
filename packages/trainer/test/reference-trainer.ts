/**
 * Independent float64 reference of the free-embedding step (plain arrays, no tfjs, no blocking), written
 * straight from the paper's formulas: logits = Q·Dᵀ/T, loss = −(1/P)·Σ_relevant log softmax, analytic
 * gradient G = (P_i·softmax_i − r_i)/P, dQ = G·D/T, dD = Gᵀ·Q/T, bias-corrected Adam, row re-normalisation.
 * Used by the tests as the oracle every engine must match.
 */
export class ReferenceTrainer {
  readonly q: number;
  readonly n: number;
  readonly d: number;
  Q: Float64Array;
  D: Float64Array;
  private readonly mQ: Float64Array;
  private readonly vQ: Float64Array;
  private readonly mD: Float64Array;
  private readonly vD: Float64Array;
  private t = 0;
  private readonly relevant: boolean[][];
  private readonly pairs: number;

  constructor(
    queries: Float32Array,
    documents: Float32Array,
    d: number,
    relevantSets: readonly (readonly number[])[],
    private readonly lr = 0.01,
    private readonly temperature = 0.1,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.d = d;
    this.q = queries.length / d;
    this.n = documents.length / d;
    this.Q = Float64Array.from(queries);
    this.D = Float64Array.from(documents);
    this.mQ = new Float64Array(this.Q.length);
    this.vQ = new Float64Array(this.Q.length);
    this.mD = new Float64Array(this.D.length);
    this.vD = new Float64Array(this.D.length);
    this.relevant = relevantSets.map((set) => Array.from({ length: this.n }, (_, j) => set.includes(j)));
    this.pairs = relevantSets.reduce((s, set) => s + set.length, 0);
  }

  step(): number {
    const { q, n, d } = this;
    const gQ = new Float64Array(q * d);
    const gD = new Float64Array(n * d);
    let loss = 0;
    for (let i = 0; i < q; i++) {
      const logits = Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let c = 0; c < d; c++) s += this.Q[i * d + c]! * this.D[j * d + c]!;
        return s / this.temperature;
      });
      const max = Math.max(...logits);
      const lse = max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0));
      const count = this.relevant[i]!.filter(Boolean).length;
      for (let j = 0; j < n; j++) {
        const r = this.relevant[i]![j] ? 1 : 0;
        if (r) loss -= logits[j]! - lse;
        const g = (count * Math.exp(logits[j]! - lse) - r) / this.pairs / this.temperature;
        for (let c = 0; c < d; c++) {
          gQ[i * d + c] = gQ[i * d + c]! + g * this.D[j * d + c]!;
          gD[j * d + c] = gD[j * d + c]! + g * this.Q[i * d + c]!;
        }
      }
    }
    this.t += 1;
    this.adam(this.Q, this.mQ, this.vQ, gQ);
    this.adam(this.D, this.mD, this.vD, gD);
    return loss / this.pairs;
  }

  private adam(p: Float64Array, m: Float64Array, v: Float64Array, g: Float64Array): void {
    for (let i = 0; i < p.length; i++) {
      m[i] = this.beta1 * m[i]! + (1 - this.beta1) * g[i]!;
      v[i] = this.beta2 * v[i]! + (1 - this.beta2) * g[i]! * g[i]!;
      const mHat = m[i]! / (1 - this.beta1 ** this.t);
      const vHat = v[i]! / (1 - this.beta2 ** this.t);
      p[i] = p[i]! - (this.lr * mHat) / (Math.sqrt(vHat) + this.eps);
    }
    for (let r = 0; r < p.length / this.d; r++) {
      let s = 0;
      for (let c = 0; c < this.d; c++) s += p[r * this.d + c]! ** 2;
      const norm = Math.sqrt(s);
      for (let c = 0; c < this.d; c++) p[r * this.d + c] = p[r * this.d + c]! / norm;
    }
  }

  /** Share of queries whose top-|R| documents are exactly R, by full sort (independent of the engines' min/max trick). */
  accuracy(): number {
    let correct = 0;
    for (let i = 0; i < this.q; i++) {
      const scores = Array.from({ length: this.n }, (_, j) => {
        let s = 0;
        for (let c = 0; c < this.d; c++) s += this.Q[i * this.d + c]! * this.D[j * this.d + c]!;
        return { j, s };
      }).sort((a, b) => b.s - a.s);
      const count = this.relevant[i]!.filter(Boolean).length;
      if (scores.slice(0, count).every(({ j }) => this.relevant[i]![j]) && scores[count - 1]!.s > scores[count]!.s) correct += 1;
    }
    return correct / this.q;
  }

  /**
   * The official script's accuracy by full sort: Σᵢ |top-kᵢ ∩ Rᵢ| / Σᵢ kᵢ with kᵢ = |Rᵢ|, ties broken by the
   * lower index (a stable sort of the documents by descending score).
   */
  relevantInTopK(): number {
    let hits = 0;
    let total = 0;
    for (let i = 0; i < this.q; i++) {
      const order = Array.from({ length: this.n }, (_, j) => {
        let s = 0;
        for (let c = 0; c < this.d; c++) s += this.Q[i * this.d + c]! * this.D[j * this.d + c]!;
        return { j, s };
      }).sort((a, b) => b.s - a.s);
      const count = this.relevant[i]!.filter(Boolean).length;
      hits += order.slice(0, count).filter(({ j }) => this.relevant[i]![j]).length;
      total += count;
    }
    return hits / total;
  }

  /** Both accuracies, as `StepEngine.accuracy()` reports them. */
  accuracies(): { relevantInTopK: number; exactTopK: number } {
    return { relevantInTopK: this.relevantInTopK(), exactTopK: this.accuracy() };
  }
}

/** All k-subsets of 0..n−1 in lexicographic order (independent of @limit/combinatorics). */
export function kSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  return out;
}

/** CSR qrels from relevant sets. */
export function csr(sets: readonly (readonly number[])[], numDocs: number) {
  const offsets = new Int32Array(sets.length + 1);
  sets.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
  return { numQueries: sets.length, numDocs, offsets, docs: Int32Array.from(sets.flat()) };
}
