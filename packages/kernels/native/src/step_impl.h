// The fused free-embedding step, written once with GCC/Clang vector extensions and compiled per
// instruction set (see isa_generic.cc / isa_avx2.cc). Included with LIMIT_KERNELS_NS (a namespace
// unique to the instruction set), LIMIT_KERNELS_NAME and LIMIT_KERNELS_TABLE defined.
//
// Per block of up to kBlock query rows (never more than kBlock × n logits in memory):
//   1. z[b, j] = (q_b · d_j) / T (in base-2 units) for all n documents, vectorised over j on the transposed Dᵀ (d × n);
//   2. per row: max, e = exp(z − max) (a polynomial exp), s = Σ e, loss term r·(max + log s) − Σ_rel z,
//      gradient row g = (r·e/s − y)/(P·T) written over z;
//   3. ∂L/∂q_b = Σ_j g[b, j] d_j (vectorised over the embedding dimension on row-major D);
//   4. gD[j] += Σ_b g[b, j] q_b into this worker's n × d accumulator (the Q rows stay in registers);
//   5. Adam on q_b, then q_b re-normalised (q_b is not needed again this step).
// D's rows and Dᵀ sit in L1/L2 for the whole pass; the q × n matrices of logits and gradients never exist.
//
// The other objectives change only step 2 (the gradient row g = ∂L/∂s written over the scores), the scale
// of step 1 and the loss term; steps 3 and 4 are the same products with coef_b = 1:
//   hinge(γ):   per relevant j, a vector pass over the row counts the irrelevant l with γ − s_j + s_l > 0
//               (O(k·n) per row) and sums those violations; g_l = (#active pairs of l)/N, g_j = −(#active of j)/N;
//   sigmoid:    x = ±(s/T + b) pointwise, loss term softplus(x) = max(x, 0) + log1p(e^{−|x|}), g = ∓σ(x)/(T·q·n),
//               with a polynomial exp and log1p (no libm call).
// Centroid queries: q_b is first written as the mean of its relevant document rows; in step 5 ∂L/∂q_b/k_b
// goes into the accumulator rows of those documents instead of an Adam update of q_b.

namespace limit_kernels {
namespace LIMIT_KERNELS_NS {
namespace {

#if LIMIT_KERNELS_HALF_VECTORS
// Portable build: an 8-float value is two 4-float SSE registers. (GCC keeps 32-byte generic vectors in
// memory when the target has no 32-byte registers; a pair of 16-byte vectors stays in registers.)
typedef float f4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));
typedef float f4u __attribute__((vector_size(16), aligned(4), may_alias));
struct f8 {
  f4 lo, hi;
  float operator[](int i) const { return i < 4 ? lo[i] : hi[i - 4]; }
};
struct i8 {
  i4 lo, hi;
};
inline f8 operator+(f8 a, f8 b) { return {a.lo + b.lo, a.hi + b.hi}; }
inline f8 operator-(f8 a, f8 b) { return {a.lo - b.lo, a.hi - b.hi}; }
inline f8 operator*(f8 a, f8 b) { return {a.lo * b.lo, a.hi * b.hi}; }
inline f8 operator/(f8 a, f8 b) { return {a.lo / b.lo, a.hi / b.hi}; }
inline f8& operator+=(f8& a, f8 b) { return a = a + b; }
inline f8 load(const float* p) { return {*reinterpret_cast<const f4u*>(p), *reinterpret_cast<const f4u*>(p + 4)}; }
inline void store(float* p, f8 v) {
  *reinterpret_cast<f4u*>(p) = v.lo;
  *reinterpret_cast<f4u*>(p + 4) = v.hi;
}
inline f8 splat(float x) { return {f4{x, x, x, x}, f4{x, x, x, x}}; }
inline f8 vmax(f8 a, f8 b) { return {a.lo > b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi}; }
inline f8 vmin(f8 a, f8 b) { return {a.lo < b.lo ? a.lo : b.lo, a.hi < b.hi ? a.hi : b.hi}; }
/** a < b ? x : y, lane by lane. */
inline f8 selectLess(f8 a, f8 b, f8 x, f8 y) { return {a.lo < b.lo ? x.lo : y.lo, a.hi < b.hi ? x.hi : y.hi}; }
inline f8 iota8() { return {f4{0, 1, 2, 3}, f4{4, 5, 6, 7}}; }
/** The float whose bits are (bits of t) << 23. */
inline f8 shiftBitsToExponent(f8 t) { return {(f4)((i4)t.lo << 23), (f4)((i4)t.hi << 23)}; }
#else
typedef float f8 __attribute__((vector_size(32)));
typedef int32_t i8 __attribute__((vector_size(32)));
typedef float f8u __attribute__((vector_size(32), aligned(4), may_alias));

inline f8 load(const float* p) { return *reinterpret_cast<const f8u*>(p); }
inline void store(float* p, f8 v) { *reinterpret_cast<f8u*>(p) = v; }
inline f8 splat(float x) { return f8{x, x, x, x, x, x, x, x}; }
inline f8 vmax(f8 a, f8 b) { return a > b ? a : b; }
inline f8 vmin(f8 a, f8 b) { return a < b ? a : b; }
inline f8 selectLess(f8 a, f8 b, f8 x, f8 y) { return a < b ? x : y; }
inline f8 iota8() { return f8{0, 1, 2, 3, 4, 5, 6, 7}; }
inline f8 shiftBitsToExponent(f8 t) { return (f8)((i8)t << 23); }
#endif

inline float hmax(f8 v) {
  float m = v[0];
  for (int i = 1; i < 8; ++i) m = v[i] > m ? v[i] : m;
  return m;
}
inline float hsum(f8 v) {
  return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

// 2^x for x ≤ 0 (softmax arguments in base-2 units; clamped below at −126 where 2^x ≈ 1.2e−38):
// x = n + f with n = round(x), |f| ≤ 1/2, 2^f = e^(f·ln2) by its degree-6 Taylor polynomial (truncation
// error (ln2/2)⁷/7! ≤ 1.2e−7 relative), 2^n written into the exponent bits. Adding 1.5·2²³ + 127 rounds
// x to an integer held in the low mantissa bits, already offset by the exponent bias, so one shift
// makes 2^n.
inline f8 vexp2(f8 x) {
  x = vmax(x, splat(-126.0f));
  const f8 shifter = splat(12582912.0f + 127.0f);
  const f8 t = x + shifter;
  const f8 f = x - (t - shifter);
  f8 p = splat(1.5403530393381606e-04f);  // ln2⁶/6!
  p = p * f + splat(1.3333558146428443e-03f);  // ln2⁵/5!
  p = p * f + splat(9.6181291076284772e-03f);  // ln2⁴/4!
  p = p * f + splat(5.5504108664821580e-02f);  // ln2³/3!
  p = p * f + splat(2.4022650695910071e-01f);  // ln2²/2!
  p = p * f + splat(6.9314718055994531e-01f);  // ln2
  p = p * f + splat(1.0f);
  return p * shiftBitsToExponent(t);
}

// log(1 + e) for e ∈ [0, 1], given t = e/(2 + e) ∈ [0, 1/3] (accurate for tiny e: no 1 + e is rounded into it):
// 2·atanh(t) by the series 2t·Σ_{k=0..6} t^{2k}/(2k + 1); truncation error ≤ t¹⁴/(15·(1 − t²)) ≤ 1.6e−8 relative.
inline f8 vlog1p01(f8 t) {
  const f8 u = t * t;
  f8 p = splat(1.0f / 13.0f);
  p = p * u + splat(1.0f / 11.0f);
  p = p * u + splat(1.0f / 9.0f);
  p = p * u + splat(1.0f / 7.0f);
  p = p * u + splat(1.0f / 5.0f);
  p = p * u + splat(1.0f / 3.0f);
  p = p * u + splat(1.0f);
  return splat(2.0f) * t * p;
}

// Centroid mode: Q row i = (1/kᵢ)·Σ_{j ∈ Rᵢ} (row j of D); the padding columns stay zero.
inline void centroidRow(const Problem& P, int i) {
  const int dp = P.dp, from = P.offsets[i], to = P.offsets[i + 1];
  float* qi = P.Q + (size_t)i * dp;
  const f8 inv = splat(1.0f / (float)(to - from));
  for (int c = 0; c < dp; c += 8) {
    f8 sum = splat(0.0f);
    for (int p = from; p < to; ++p) sum += load(P.D + (size_t)P.docs[p] * dp + c);
    store(qi + c, sum * inv);
  }
}

// Hinge terms of one query row: z holds its scores (−3e38 in the padding), the relevant documents are
// docs[from, to). Returns Σ over (relevant j, irrelevant l) of max(0, γ − s_j + s_l) and leaves ∂L/∂s in z:
// scale·(number of active pairs of l) for irrelevant l, −scale·(number of active pairs of j) for relevant j
// (a pair exactly at the kink is inactive). cnt is an np-float scratch row.
inline double hingeRow(const Problem& P, const StepParams& h, float* z, float* cnt, int from, int to) {
  const int np = P.np;
  const f8 zero = splat(0.0f), one = splat(1.0f);
  for (int l = 0; l < np; l += 8) store(cnt + l, zero);
  // the relevant scores move to cnt; −3e38 in z keeps every relevant document out of the pairs below
  for (int p = from; p < to; ++p) {
    const int j = P.docs[p];
    cnt[j] = z[j];
    z[j] = -3.0e38f;
  }
  double loss = 0;
  for (int p = from; p < to; ++p) {
    const int j = P.docs[p];
    const f8 a = splat(h.margin - cnt[j]);  // γ − s_j; a pair is active when γ − s_j + s_l > 0
    f8 viol0 = zero, viol1 = zero, act0 = zero, act1 = zero;
    for (int l = 0; l < np; l += 16) {  // np is a multiple of 16
      const f8 v0 = a + load(z + l), v1 = a + load(z + l + 8);
      const f8 on0 = selectLess(zero, v0, one, zero), on1 = selectLess(zero, v1, one, zero);
      viol0 += selectLess(zero, v0, v0, zero);
      viol1 += selectLess(zero, v1, v1, zero);
      act0 += on0;
      act1 += on1;
      store(cnt + l, load(cnt + l) + on0);  // relevant entries (inactive) add 0
      store(cnt + l + 8, load(cnt + l + 8) + on1);
    }
    loss += (double)hsum(viol0 + viol1);
    cnt[j] = -hsum(act0 + act1);  // counts are exact integers in float; s_j is not needed again
  }
  const f8 vs = splat(h.scale);
  for (int l = 0; l < np; l += 8) store(z + l, load(cnt + l) * vs);
  return loss;
}

// Sigmoid terms of one query row: z holds its logits s/T (−3e38 in the padding). With x = −z_l·(s_l/T + b)
// (z_l = +1 relevant, −1 otherwise) the loss term is softplus(x) = max(x, 0) + log1p(e^{−|x|}) and
// ∂L/∂s_l = −z_l·σ(x)·scale, σ(x) = 1/(1 + e^{−|x|}) for x ≥ 0 and e^{−|x|}/(1 + e^{−|x|}) below (both stable).
// Returns Σ_l softplus over the n documents and leaves ∂L/∂s in z.
inline double sigmoidRow(const Problem& P, const StepParams& h, float* z, int from, int to) {
  const int n = P.n, np = P.np;
  const f8 zero = splat(0.0f), one = splat(1.0f), vb = splat(h.bias), vs = splat(h.scale), lane = iota8();
  const f8 log2e = splat(1.4426950408889634f);
  for (int l = 0; l < np; l += 8) store(z + l, load(z + l) + vb);
  for (int p = from; p < to; ++p) z[P.docs[p]] = -z[P.docs[p]];  // exact: x = −(s/T + b) where relevant
  f8 sum = zero;
  for (int l = 0; l < np; l += 8) {
    const f8 x = load(z + l);
    const f8 e = vexp2(zero - vmax(x, zero - x) * log2e);  // e^{−|x|} ∈ (0, 1]
    // one division for both 1/(1 + e) and t = e/(2 + e): w = 1/((1 + e)(2 + e))
    const f8 onePlus = one + e, twoPlus = onePlus + one;
    const f8 w = one / (onePlus * twoPlus);
    const f8 r = twoPlus * w;
    const f8 softplus = vmax(x, zero) + vlog1p01(e * onePlus * w);
    sum += l + 8 <= n ? softplus : selectLess(lane + splat((float)l), splat((float)n), softplus, zero);
    store(z + l, selectLess(x, zero, e * r, r) * vs);  // σ(x)·scale
  }
  for (int p = from; p < to; ++p) z[P.docs[p]] = -z[P.docs[p]];  // −σ(x)·scale where relevant
  return (double)hsum(sum);
}

// Logits (or plain scores with scale = 1) of NB query rows against all documents: out[b·np + j] =
// scale·(q_b · d_j); the padding columns j ≥ n get −3e38 so that max ignores them. Returns nothing; the
// row maxima go to rowMax[b].
template <int NB>
void logitsBlock(const Problem& P, const float* const* qin, float scale, float* out, float* rowMax, float* qscaled) {
  const int np = P.np, d = P.d, n = P.n;
  const float* Dt = P.Dt;
  // the scale goes into a copy of the query rows (d multiplies per row, not n)
  const float* qrow[NB];
  for (int b = 0; b < NB; ++b) {
    float* dst = qscaled + (size_t)b * P.dp;
    for (int c = 0; c < d; ++c) dst[c] = qin[b][c] * scale;
    qrow[b] = dst;
  }
  const f8 neg = splat(-3.0e38f);
  const f8 lane = iota8();
  // lanes j ≥ n of a vector starting at jv are padding
  auto fix = [&](f8 v, int jv) -> f8 { return jv + 8 <= n ? v : selectLess(lane + splat((float)jv), splat((float)n), v, neg); };
  f8 mx[NB];
  for (int b = 0; b < NB; ++b) mx[b] = neg;
  // Dt is stored in panels of 16 documents (d × 16 floats each, contiguous): one sequential stream
  for (int jv = 0; jv < np; jv += 16) {
    const float* panel = Dt + (size_t)jv * d;
    f8 s0[NB], s1[NB];
    for (int b = 0; b < NB; ++b) s0[b] = s1[b] = splat(0.0f);
    for (int c = 0; c < d; ++c) {
      const f8 x0 = load(panel + 16 * c);
      const f8 x1 = load(panel + 16 * c + 8);
      for (int b = 0; b < NB; ++b) {
        const f8 qc = splat(qrow[b][c]);
        s0[b] += qc * x0;
        s1[b] += qc * x1;
      }
    }
    for (int b = 0; b < NB; ++b) {
      const f8 v0 = fix(s0[b], jv), v1 = fix(s1[b], jv + 8);
      mx[b] = vmax(mx[b], vmax(v0, v1));
      store(out + (size_t)b * np + jv, v0);
      store(out + (size_t)b * np + jv + 8, v1);
    }
  }
  for (int b = 0; b < NB; ++b) rowMax[b] = hmax(mx[b]);
}

// Adam update of one row (d values at p, m, v) with gradient g, then the row re-normalised.
inline void adamRow(float* p, float* m, float* v, const float* g, int d, const StepParams& h) {
  const float b1 = h.beta1, b2 = h.beta2, ob1 = 1.0f - h.beta1, ob2 = 1.0f - h.beta2;
  float norm = 0;
  for (int c = 0; c < d; ++c) {
    const float gc = g[c];
    const float mc = b1 * m[c] + ob1 * gc;
    const float vc = b2 * v[c] + ob2 * gc * gc;
    m[c] = mc;
    v[c] = vc;
    const float value = p[c] - (h.lr * (mc * h.invC1)) / (__builtin_sqrtf(vc * h.invC2) + h.epsilon);
    p[c] = value;
    norm += value * value;
  }
  const float s = 1.0f / __builtin_sqrtf(norm);
  for (int c = 0; c < d; ++c) p[c] *= s;
}

// InfoNCE step 2 for NB rows of logits (base-2 units) in G with their maxima: returns the rows' loss terms,
// leaves e = 2^(z − max) in G and the per-row gradient scale in coef.
template <int NB>
double infoNceRows(const Problem& P, const StepParams& h, int i0, float* G, const float* rowMax, float* coef) {
  const int n = P.n, np = P.np;
  constexpr double kLn2 = 0.69314718055994530942;
  double loss = 0;
  // 2. e = 2^(z − max) over the logits in place; loss terms; the per-row gradient scale
  //    g[b, j] = coef_b · e[b, j] − scale · y[b, j] with coef_b = r_b / Σ_j e[b, j] · scale
  //    (the sparse −scale·y part is applied to the products below, never to the n-long row)
  float sums[NB];
  const int nv = np / 8;
  for (int b = 0; b < NB; ++b) {
    float* z = G + (size_t)b * np;
    const int from = P.offsets[i0 + b], to = P.offsets[i0 + b + 1];
    const int r = to - from;
    double relSum = 0;
    for (int p = from; p < to; ++p) relSum += z[P.docs[p]];
    const float m = rowMax[b];
    const f8 vm = splat(m);
    f8 sum0 = splat(0.0f), sum1 = splat(0.0f);
    for (int k = 0; k < nv; k += 2) {  // np is a multiple of 16
      const f8 e0 = vexp2(load(z + 8 * k) - vm);
      const f8 e1 = vexp2(load(z + 8 * k + 8) - vm);
      store(z + 8 * k, e0);
      store(z + 8 * k + 8, e1);
      sum0 += e0;
      sum1 += e1;
    }
    // the padding columns got 2^(−126) each: remove them exactly
    float s = 0;
    for (int j = n; j < np; ++j) {
      s -= z[j];
      z[j] = 0;
    }
    s += hsum(sum0 + sum1);
    // natural-log loss: r·(ln2·max₂ + ln s) − ln2·Σ_rel z₂ (the ln s terms are added below)
    loss += (double)r * kLn2 * (double)m - kLn2 * relSum;
    sums[b] = s;
    coef[b] = r > 0 ? ((float)r / s) * h.scale : 0.0f;
  }
  {
    // Σ_b r_b·ln s_b with one logarithm per block when all r_b agree (the LIMIT pattern): s_b ∈ [1, n]
    const int r0 = P.offsets[i0 + 1] - P.offsets[i0];
    bool same = true;
    double product = 1;
    for (int b = 0; b < NB; ++b) {
      same = same && P.offsets[i0 + b + 1] - P.offsets[i0 + b] == r0;
      product *= (double)sums[b];
    }
    if (same && product < 1e300) {
      loss += (double)r0 * __builtin_log(product);
    } else {
      for (int b = 0; b < NB; ++b) loss += (double)(P.offsets[i0 + b + 1] - P.offsets[i0 + b]) * __builtin_log((double)sums[b]);
    }
  }
  return loss;
}

template <int NB, int OBJ>
double stepBlock(const Problem& P, const StepParams& h, int i0, float* acc, float* G, float* gq, float* scratch) {
  const int n = P.n, np = P.np, d = P.d, dp = P.dp;
  const float* D = P.D;
  const float* qrow[NB];
  for (int b = 0; b < NB; ++b) qrow[b] = P.Q + (size_t)(i0 + b) * dp;
  if (h.centroid) {
    for (int b = 0; b < NB; ++b) centroidRow(P, i0 + b);
  }

  // 1. InfoNCE: logits in base-2 units (z·log2 e, so the exponential is a plain 2^x) and their row maxima;
  //    sigmoid: logits s/T; hinge: scores s
  float rowMax[NB];
  const float zScale = OBJ == kInfoNce ? h.invT * 1.4426950408889634f : OBJ == kSigmoid ? h.invT : 1.0f;
  logitsBlock<NB>(P, qrow, zScale, G, rowMax, gq);  // gq is free until step 3

  double loss = 0;
  float coef[NB];
  if constexpr (OBJ != kInfoNce) {
    // 2'. hinge or sigmoid: the whole gradient row ∂L/∂s over the scores, coef_b = 1
    for (int b = 0; b < NB; ++b) {
      float* z = G + (size_t)b * np;
      const int from = P.offsets[i0 + b], to = P.offsets[i0 + b + 1];
      loss += OBJ == kHinge ? hingeRow(P, h, z, scratch, from, to) : sigmoidRow(P, h, z, from, to);
      coef[b] = 1.0f;
    }
  } else {
    loss = infoNceRows<NB>(P, h, i0, G, rowMax, coef);
  }

  // 3. ∂L/∂q_b = coef_b · Σ_j e[b, j] · d_j − scale · Σ_{j ∈ rel_b} d_j (the last term: InfoNCE only)
  {
    int cv = 0;
    for (; cv + 16 <= dp; cv += 16) {
      f8 a0[NB], a1[NB];
      for (int b = 0; b < NB; ++b) a0[b] = a1[b] = splat(0.0f);
      for (int j = 0; j < n; ++j) {
        const f8 x0 = load(D + (size_t)j * dp + cv);
        const f8 x1 = load(D + (size_t)j * dp + cv + 8);
        for (int b = 0; b < NB; ++b) {
          const f8 gj = splat(G[(size_t)b * np + j]);
          a0[b] += gj * x0;
          a1[b] += gj * x1;
        }
      }
      for (int b = 0; b < NB; ++b) {
        store(gq + (size_t)b * dp + cv, a0[b] * splat(coef[b]));
        store(gq + (size_t)b * dp + cv + 8, a1[b] * splat(coef[b]));
      }
    }
    for (; cv < dp; cv += 8) {
      f8 a0[NB];
      for (int b = 0; b < NB; ++b) a0[b] = splat(0.0f);
      for (int j = 0; j < n; ++j) {
        const f8 x0 = load(D + (size_t)j * dp + cv);
        for (int b = 0; b < NB; ++b) a0[b] += splat(G[(size_t)b * np + j]) * x0;
      }
      for (int b = 0; b < NB; ++b) store(gq + (size_t)b * dp + cv, a0[b] * splat(coef[b]));
    }
    if constexpr (OBJ == kInfoNce) {
      const f8 vs = splat(h.scale);
      for (int b = 0; b < NB; ++b) {
        const int from = P.offsets[i0 + b], to = P.offsets[i0 + b + 1];
        for (int p = from; p < to; ++p) {
          const float* dj = D + (size_t)P.docs[p] * dp;
          for (int c = 0; c < dp; c += 8) store(gq + (size_t)b * dp + c, load(gq + (size_t)b * dp + c) - vs * load(dj + c));
        }
      }
    }
  }

  // 4. gD[j] += Σ_b e[b, j] · (coef_b · q_b), then (InfoNCE) −scale · q_b at the relevant documents of each row
  {
    int cv = 0;
    for (; cv + 16 <= dp; cv += 16) {
      f8 q0[NB], q1[NB];
      for (int b = 0; b < NB; ++b) {
        q0[b] = load(qrow[b] + cv) * splat(coef[b]);
        q1[b] = load(qrow[b] + cv + 8) * splat(coef[b]);
      }
      for (int j = 0; j < n; ++j) {
        float* a = acc + (size_t)j * dp + cv;
        f8 s0 = load(a), s1 = load(a + 8);
        for (int b = 0; b < NB; ++b) {
          const f8 gj = splat(G[(size_t)b * np + j]);
          s0 += gj * q0[b];
          s1 += gj * q1[b];
        }
        store(a, s0);
        store(a + 8, s1);
      }
    }
    for (; cv < dp; cv += 8) {
      f8 q0[NB];
      for (int b = 0; b < NB; ++b) q0[b] = load(qrow[b] + cv) * splat(coef[b]);
      for (int j = 0; j < n; ++j) {
        float* a = acc + (size_t)j * dp + cv;
        f8 s0 = load(a);
        for (int b = 0; b < NB; ++b) s0 += splat(G[(size_t)b * np + j]) * q0[b];
        store(a, s0);
      }
    }
    if constexpr (OBJ == kInfoNce) {
      const f8 vs = splat(h.scale);
      for (int b = 0; b < NB; ++b) {
        const int from = P.offsets[i0 + b], to = P.offsets[i0 + b + 1];
        for (int p = from; p < to; ++p) {
          float* a = acc + (size_t)P.docs[p] * dp;
          for (int c = 0; c < dp; c += 8) store(a + c, load(a + c) - vs * load(qrow[b] + c));
        }
      }
    }
  }

  // 5. Adam + re-normalisation of the block's query rows (or, in gradient mode, hand out ∂L/∂q); centroid
  //    queries instead pass ∂L/∂q_b / k_b on to the accumulator rows of their documents
  for (int b = 0; b < NB; ++b) {
    const size_t row = (size_t)(i0 + b);
    if (h.centroid) {
      const int from = P.offsets[row], to = P.offsets[row + 1];
      const f8 inv = splat(1.0f / (float)(to - from));
      for (int p = from; p < to; ++p) {
        float* a = acc + (size_t)P.docs[p] * dp;
        for (int c = 0; c < dp; c += 8) store(a + c, load(a + c) + load(gq + (size_t)b * dp + c) * inv);
      }
      if (h.gQout != nullptr) {
        for (int c = 0; c < d; ++c) h.gQout[row * d + c] = 0;  // queries are not parameters
      }
    } else if (h.gQout != nullptr) {
      for (int c = 0; c < d; ++c) h.gQout[row * d + c] = gq[(size_t)b * dp + c];
    } else {
      adamRow(P.Q + row * dp, P.mQ + row * dp, P.vQ + row * dp, gq + (size_t)b * dp, d, h);
    }
  }
  return loss;
}

template <int OBJ>
double stepQueriesFor(const Problem& P, const StepParams& h, int tid, int begin, int end) {
  float* acc = P.gdAcc + (size_t)tid * P.n * P.dp;
  std::memset(acc, 0, sizeof(float) * (size_t)P.n * P.dp);
  float* G = P.work + (size_t)tid * P.workFloats;
  float* gq = G + (size_t)kBlock * P.np;
  float* scratch = gq + (size_t)kBlock * P.dp;
  double loss = 0;
  int i = begin;
  // rows per block: 6 where there are 16 vector registers of 8 floats (AVX2); 2 where each 8-float
  // vector takes two 4-float registers (the portable build), so the accumulators never spill
  constexpr int kRows = LIMIT_KERNELS_BLOCK;
  static_assert(kRows >= 1 && kRows <= kBlock, "block rows");
  for (; i + kRows <= end; i += kRows) loss += stepBlock<kRows, OBJ>(P, h, i, acc, G, gq, scratch);
  switch (end - i) {
    case 5: loss += stepBlock<(5 < kRows ? 5 : 1), OBJ>(P, h, i, acc, G, gq, scratch); break;
    case 4: loss += stepBlock<(4 < kRows ? 4 : 1), OBJ>(P, h, i, acc, G, gq, scratch); break;
    case 3: loss += stepBlock<(3 < kRows ? 3 : 1), OBJ>(P, h, i, acc, G, gq, scratch); break;
    case 2: loss += stepBlock<(2 < kRows ? 2 : 1), OBJ>(P, h, i, acc, G, gq, scratch); break;
    case 1: loss += stepBlock<1, OBJ>(P, h, i, acc, G, gq, scratch); break;
    default: break;
  }
  return loss;
}

double stepQueries(const Problem& P, const StepParams& h, int tid, int begin, int end) {
  switch (h.objective) {
    case kHinge: return stepQueriesFor<kHinge>(P, h, tid, begin, end);
    case kSigmoid: return stepQueriesFor<kSigmoid>(P, h, tid, begin, end);
    default: return stepQueriesFor<kInfoNce>(P, h, tid, begin, end);
  }
}

void centroidRows(const Problem& P, int begin, int end) {
  for (int i = begin; i < end; ++i) centroidRow(P, i);
}

void stepDocs(const Problem& P, const StepParams& h, int begin, int end) {
  const int d = P.d, dp = P.dp, n = P.n;
  const size_t stride = (size_t)n * dp;
  for (int j = begin; j < end; ++j) {
    // the other slices' accumulators are added into slice 0's row j, in a fixed order (1, 2, …):
    // bit-identical whatever the thread count; each row belongs to one caller, so no races
    float* g = P.gdAcc + (size_t)j * dp;
    for (int t = 1; t < P.threads; ++t) {
      const float* a = P.gdAcc + t * stride + (size_t)j * dp;
      for (int c = 0; c < d; ++c) g[c] += a[c];
    }
    if (h.gDout != nullptr) {
      for (int c = 0; c < d; ++c) h.gDout[(size_t)j * d + c] = g[c];
      continue;
    }
    float* p = P.D + (size_t)j * dp;
    adamRow(p, P.mD + (size_t)j * dp, P.vD + (size_t)j * dp, g, d, h);
    for (int c = 0; c < d; ++c) P.Dt[dtIndex(P, c, j)] = p[c];
  }
}

void scoreRows(const Problem& P, int i0, int count, float* out) {
  const float* qrow[kBlock];
  for (int b = 0; b < count; ++b) qrow[b] = P.Q + (size_t)(i0 + b) * P.dp;
  float rowMax[kBlock];
  float* qscaled = out + (size_t)count * P.np;  // callers leave room after the scores
  switch (count) {
    case 6: logitsBlock<6>(P, qrow, 1.0f, out, rowMax, qscaled); break;
    case 5: logitsBlock<5>(P, qrow, 1.0f, out, rowMax, qscaled); break;
    case 4: logitsBlock<4>(P, qrow, 1.0f, out, rowMax, qscaled); break;
    case 3: logitsBlock<3>(P, qrow, 1.0f, out, rowMax, qscaled); break;
    case 2: logitsBlock<2>(P, qrow, 1.0f, out, rowMax, qscaled); break;
    case 1: logitsBlock<1>(P, qrow, 1.0f, out, rowMax, qscaled); break;
    default: break;
  }
}

// ---- SGEMM (the "peak" yardstick): Goto-style blocking, packed panels, a 6 × 16 register tile -------

void packA(int mc, int kc, const float* A, int lda, float* out) {
  for (int i0 = 0; i0 < mc; i0 += kGemmMR) {
    const int mr = mc - i0 < kGemmMR ? mc - i0 : kGemmMR;
    for (int k = 0; k < kc; ++k) {
      for (int i = 0; i < mr; ++i) out[i] = A[(size_t)(i0 + i) * lda + k];
      for (int i = mr; i < kGemmMR; ++i) out[i] = 0;
      out += kGemmMR;
    }
  }
}

void packB(int kc, int nc, const float* B, int ldb, float* out) {
  for (int j0 = 0; j0 < nc; j0 += kGemmNR) {
    const int nr = nc - j0 < kGemmNR ? nc - j0 : kGemmNR;
    for (int k = 0; k < kc; ++k) {
      const float* src = B + (size_t)k * ldb + j0;
      if (nr == kGemmNR) {
        store(out, load(src));
        store(out + 8, load(src + 8));
      } else {
        for (int j = 0; j < nr; ++j) out[j] = src[j];
        for (int j = nr; j < kGemmNR; ++j) out[j] = 0;
      }
      out += kGemmNR;
    }
  }
}

// C[mr × nr] += Apanel · Bpanel over kc (mr ≤ 6, nr ≤ 16; partial tiles go through a local tile).
void microKernel(int kc, const float* a, const float* b, float* C, int ldc, int mr, int nr, bool first) {
  f8 c0[kGemmMR], c1[kGemmMR];
  for (int i = 0; i < kGemmMR; ++i) c0[i] = c1[i] = splat(0.0f);
  for (int k = 0; k < kc; ++k) {
    const f8 b0 = load(b), b1 = load(b + 8);
    for (int i = 0; i < kGemmMR; ++i) {
      const f8 ai = splat(a[i]);
      c0[i] += ai * b0;
      c1[i] += ai * b1;
    }
    a += kGemmMR;
    b += kGemmNR;
  }
  if (mr == kGemmMR && nr == kGemmNR) {
    for (int i = 0; i < kGemmMR; ++i) {
      float* row = C + (size_t)i * ldc;
      if (first) {
        store(row, c0[i]);
        store(row + 8, c1[i]);
      } else {
        store(row, load(row) + c0[i]);
        store(row + 8, load(row + 8) + c1[i]);
      }
    }
    return;
  }
  float tile[kGemmMR * kGemmNR];
  for (int i = 0; i < kGemmMR; ++i) {
    store(tile + i * kGemmNR, c0[i]);
    store(tile + i * kGemmNR + 8, c1[i]);
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) {
      float* cij = C + (size_t)i * ldc + j;
      *cij = first ? tile[i * kGemmNR + j] : *cij + tile[i * kGemmNR + j];
    }
}

void sgemm(int m, int n, int k, const float* A, int lda, const float* B, int ldb, float* C, int ldc, float* pa, float* pb) {
  for (int jc = 0; jc < n; jc += kGemmNC) {
    const int nc = n - jc < kGemmNC ? n - jc : kGemmNC;
    for (int pc = 0; pc < k; pc += kGemmKC) {
      const int kc = k - pc < kGemmKC ? k - pc : kGemmKC;
      packB(kc, nc, B + (size_t)pc * ldb + jc, ldb, pb);
      for (int ic = 0; ic < m; ic += kGemmMC) {
        const int mc = m - ic < kGemmMC ? m - ic : kGemmMC;
        packA(mc, kc, A + (size_t)ic * lda + pc, lda, pa);
        for (int jr = 0; jr < nc; jr += kGemmNR) {
          const int nr = nc - jr < kGemmNR ? nc - jr : kGemmNR;
          for (int ir = 0; ir < mc; ir += kGemmMR) {
            const int mr = mc - ir < kGemmMR ? mc - ir : kGemmMR;
            microKernel(kc, pa + (size_t)ir * kc, pb + (size_t)jr * kc, C + (size_t)(ic + ir) * ldc + jc + jr, ldc, mr, nr, pc == 0);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace LIMIT_KERNELS_NS

extern const Kernels LIMIT_KERNELS_TABLE = {
    LIMIT_KERNELS_NAME,
    &LIMIT_KERNELS_NS::stepQueries,
    &LIMIT_KERNELS_NS::stepDocs,
    &LIMIT_KERNELS_NS::centroidRows,
    &LIMIT_KERNELS_NS::scoreRows,
    &LIMIT_KERNELS_NS::sgemm,
};

}  // namespace limit_kernels
