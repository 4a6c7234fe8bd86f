// Shared declarations of the fused step kernel. The ISA-specific translation units (isa_generic.cc,
// isa_avx2.cc) compile the same source (step_impl.h) for different instruction sets; engine.cc picks
// one at run time. Nothing here is templated or inline so that no code compiled for AVX2 can be
// merged by the linker into the portable build (the classic ODR pitfall of per-file target flags).
#pragma once
#include <cstdint>

#if defined(__linux__) && !defined(__clang__) && defined(__x86_64__) && defined(__GNUC__)
// Bind libm's log/pow to their x86-64 baseline versions, so the prebuild loads on glibc < 2.29 too.
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif


namespace limit_kernels {

/** The objectives the fused pass implements (see StepParams::objective). */
enum ObjectiveKind : int {
  kInfoNce = 0,  // multi-positive InfoNCE, −(1/P)·Σ log softmax(s/T) over the relevant pairs (the paper's)
  kHinge = 1,    // (1/N)·Σ max(0, γ − s_rel + s_irr) over (relevant, irrelevant) pairs, N = Σ k(n − k)
  kSigmoid = 2,  // (1/(q·n))·Σ softplus(−z·(s/T + b)) over every (query, document) pair, z = ±1
};

/** Queries per register block: the fused loop handles up to this many query rows at once. */
constexpr int kBlock = 6;
/**
 * Query slices per step: the queries are cut into this many fixed ranges, each with its own document-gradient
 * accumulator and loss part, summed in slice order. The cut does not depend on the thread count, so a step
 * gives bit-identical results on 1, 2 or 16 threads (threads take slices t, t + T, …).
 */
constexpr int kSlices = 32;

/** Everything the step reads and writes. Row strides are padded to multiples of 8 floats. */
struct Problem {
  int q = 0, n = 0, d = 0;
  int dp = 0;  // d rounded up to a multiple of 8: row stride of Q, D, m, v and the gD accumulators
  int np = 0;  // n rounded up to a multiple of 16: row stride of the logit rows, width of Dt
  float* Q = nullptr;   // q × dp (centroid mode: the centroids of the relevant documents, recomputed per pass)
  float* mQ = nullptr;  // q × dp
  float* vQ = nullptr;  // q × dp
  float* D = nullptr;   // n × dp
  float* mD = nullptr;  // n × dp
  float* vD = nullptr;  // n × dp
  float* Dt = nullptr;  // Dᵀ in panels of 16 documents: element (c, j) at dtIndex (zero in the padding)
  const int32_t* offsets = nullptr;  // q + 1
  const int32_t* docs = nullptr;
  int threads = 1;  // accumulator slots: kSlices (not the worker-thread count)
  float* gdAcc = nullptr;  // slices × (n × dp): per-slice ∂L/∂D accumulators
  float* work = nullptr;   // slices × workFloats: logit / gradient rows of one block, gq rows, one scratch row
  int workFloats = 0;
};

/** Position of Dᵀ(c, j) in Problem::Dt: panel j/16 holds d × 16 floats, row c of it 16 consecutive documents. */
inline int64_t dtIndex(const Problem& P, int c, int j) { return (int64_t)(j / 16) * 16 * P.d + 16 * c + (j % 16); }

/** Per-step constants. */
struct StepParams {
  int objective = kInfoNce;
  bool centroid = false;  // queries are the means of their relevant documents (only D is a parameter)
  float invT = 1;      // 1 / temperature (InfoNCE, sigmoid); unused by the hinge
  float scale = 1;     // ∂L/∂s normalisation: 1 / (P · T) InfoNCE, 1 / N hinge, 1 / (T · q · n) sigmoid
  float margin = 0;    // hinge γ
  float bias = 0;      // sigmoid b
  float lr = 0;        // learning rate
  float beta1 = 0, beta2 = 0, epsilon = 0;
  float invC1 = 1;     // 1 / (1 − β1^t)
  float invC2 = 1;     // 1 / (1 − β2^t)
  // Gradient mode (debug/test entry): write gradients here instead of applying Adam.
  float* gQout = nullptr;  // q × d
  float* gDout = nullptr;  // n × d
};

/** One instruction set's kernels. */
struct Kernels {
  const char* name;
  /** Fused pass over query rows [begin, end) by worker `tid`: returns Σ of those rows' loss terms. */
  double (*stepQueries)(const Problem&, const StepParams&, int tid, int begin, int end);
  /** Reduces the gD accumulators (fixed order) and updates document rows [begin, end). */
  void (*stepDocs)(const Problem&, const StepParams&, int begin, int end);
  /** Centroid mode: Q rows [begin, end) = the means of their relevant document rows. */
  void (*centroidRows)(const Problem&, int begin, int end);
  /** Scores (no temperature) of `count` ≤ kBlock queries from i0 against all docs: out is count × np, followed by count × dp floats of scratch. */
  void (*scoreRows)(const Problem&, int i0, int count, float* out);
  /** C[m × n] = A[m × k] · B[k × n] (row-major, leading dims) using the caller's packing buffers. */
  void (*sgemm)(int m, int n, int k, const float* A, int lda, const float* B, int ldb, float* C, int ldc, float* packA, float* packB);
};

extern const Kernels kGenericKernels;
extern const Kernels kAvx2Kernels;

// GEMM blocking (shared so the caller can size the packing buffers).
constexpr int kGemmMR = 6;
constexpr int kGemmNR = 16;
constexpr int kGemmKC = 256;
constexpr int kGemmMC = 96;
constexpr int kGemmNC = 2048;

}  // namespace limit_kernels
