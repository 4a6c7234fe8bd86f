#include "engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace limit_kernels {

namespace {

bool cpuHasAvx2Fma() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

int roundUp8(int x) { return (x + 7) / 8 * 8; }
int roundUp16(int x) { return (x + 15) / 16 * 16; }

FloatBuffer allocFloats(size_t count) {
  const size_t bytes = std::max<size_t>(64, (count * sizeof(float) + 63) / 64 * 64);
  void* p = std::aligned_alloc(64, bytes);
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, bytes);
  return FloatBuffer(static_cast<float*>(p));
}

/** [begin, end) of worker t's share of `count` items, shares rounded to multiples of `grain`. */
std::pair<int, int> share(int count, int threads, int t, int grain) {
  auto edge = [&](int k) {
    const int64_t raw = (int64_t)count * k / threads;
    const int64_t rounded = (raw + grain - 1) / grain * grain;
    return (int)std::min<int64_t>(count, rounded);
  };
  return {edge(t), edge(t + 1)};
}

}  // namespace

void AlignedFree::operator()(float* p) const { std::free(p); }

const char* bestInstructionSet() { return cpuHasAvx2Fma() ? kAvx2Kernels.name : kGenericKernels.name; }

const Kernels& selectKernels(const std::string& request) {
  if (request == "generic") return kGenericKernels;
  if (request == "avx2") {
    if (!cpuHasAvx2Fma() || kAvx2Kernels.name == nullptr) throw std::runtime_error("this CPU (or build) has no AVX2 + FMA");
    return kAvx2Kernels;
  }
  if (request == "auto") return cpuHasAvx2Fma() && kAvx2Kernels.name != nullptr ? kAvx2Kernels : kGenericKernels;
  throw std::runtime_error("unknown instruction set " + request);
}

// ---- thread pool -------------------------------------------------------------------------------------

ThreadPool::ThreadPool(int threads) : threads_(threads < 1 ? 1 : threads) {
  workers_.reserve(threads_ - 1);
  for (int t = 1; t < threads_; ++t) workers_.emplace_back([this, t] { workerLoop(t); });
}

ThreadPool::~ThreadPool() {
  pthread_mutex_lock(&mutex_);
  stop_ = true;
  pthread_cond_broadcast(&wake_);
  pthread_mutex_unlock(&mutex_);
  for (auto& w : workers_) w.join();
  pthread_cond_destroy(&wake_);
  pthread_cond_destroy(&done_);
  pthread_mutex_destroy(&mutex_);
}

void ThreadPool::run(const std::function<void(int)>& job) {
  if (threads_ == 1) {
    job(0);
    return;
  }
  pthread_mutex_lock(&mutex_);
  job_ = &job;
  pending_ = threads_ - 1;
  ++generation_;
  pthread_cond_broadcast(&wake_);
  pthread_mutex_unlock(&mutex_);
  job(0);
  pthread_mutex_lock(&mutex_);
  while (pending_ != 0) pthread_cond_wait(&done_, &mutex_);
  job_ = nullptr;
  pthread_mutex_unlock(&mutex_);
}

void ThreadPool::workerLoop(int tid) {
  uint64_t seen = 0;
  for (;;) {
    pthread_mutex_lock(&mutex_);
    while (!stop_ && generation_ == seen) pthread_cond_wait(&wake_, &mutex_);
    if (stop_) {
      pthread_mutex_unlock(&mutex_);
      return;
    }
    seen = generation_;
    const std::function<void(int)>* job = job_;
    pthread_mutex_unlock(&mutex_);
    (*job)(tid);
    pthread_mutex_lock(&mutex_);
    if (--pending_ == 0) pthread_cond_signal(&done_);
    pthread_mutex_unlock(&mutex_);
  }
}

// ---- engine ------------------------------------------------------------------------------------------

Engine::Engine(int q, int n, int d, const float* queries, const float* documents, std::vector<int32_t> offsets,
               std::vector<int32_t> docs, double learningRate, const ObjectiveConfig& objective, double beta1, double beta2,
               double epsilon, int threads, const std::string& isa)
    : kernels_(&selectKernels(isa)),
      offsets_(std::move(offsets)),
      docs_(std::move(docs)),
      objective_(objective),
      learningRate_(learningRate),
      beta1_(beta1),
      beta2_(beta2),
      epsilon_(epsilon),
      pool_(threads) {
  P_.q = q;
  P_.n = n;
  P_.d = d;
  P_.dp = roundUp8(d);
  P_.np = roundUp16(n);
  P_.threads = kSlices;  // accumulator slots (slices), not worker threads: see kSlices
  numPairs_ = (int64_t)offsets_[q] - offsets_[0];
  if (objective_.kind == kHinge) {
    int64_t pairs = 0;  // N = Σᵢ kᵢ·(n − kᵢ), the number of (relevant, irrelevant) pairs
    for (int i = 0; i < q; ++i) {
      const int64_t k = offsets_[i + 1] - offsets_[i];
      pairs += k * (n - k);
    }
    lossDenominator_ = (double)pairs;
  } else if (objective_.kind == kSigmoid) {
    lossDenominator_ = (double)q * (double)n;
  } else {
    lossDenominator_ = (double)numPairs_;
  }
  const size_t qd = (size_t)q * P_.dp, nd = (size_t)n * P_.dp;
  Q_ = allocFloats(qd);
  // centroid queries are not parameters: no Adam moments
  mQ_ = allocFloats(objective_.centroid ? 0 : qd);
  vQ_ = allocFloats(objective_.centroid ? 0 : qd);
  D_ = allocFloats(nd);
  mD_ = allocFloats(nd);
  vD_ = allocFloats(nd);
  Dt_ = allocFloats((size_t)d * P_.np);
  gdAcc_ = allocFloats((size_t)P_.threads * nd);
  P_.workFloats = (kBlock * P_.np + kBlock * P_.dp + P_.np + 15) / 16 * 16;  // logit rows, gq rows, a scratch row
  work_ = allocFloats((size_t)P_.threads * P_.workFloats);
  lossParts_.assign(P_.threads, 0.0);
  P_.Q = Q_.get();
  P_.mQ = mQ_.get();
  P_.vQ = vQ_.get();
  P_.D = D_.get();
  P_.mD = mD_.get();
  P_.vD = vD_.get();
  P_.Dt = Dt_.get();
  P_.gdAcc = gdAcc_.get();
  P_.work = work_.get();
  P_.offsets = offsets_.data();
  P_.docs = docs_.data();
  setEmbeddings(queries, documents);
}

void Engine::setEmbeddings(const float* queries, const float* documents) {
  const int q = P_.q, n = P_.n, d = P_.d, dp = P_.dp;
  if (objective_.centroid) {
    centroidsFresh_ = false;
  } else {
    for (int i = 0; i < q; ++i) std::memcpy(P_.Q + (size_t)i * dp, queries + (size_t)i * d, sizeof(float) * d);
  }
  for (int j = 0; j < n; ++j) {
    std::memcpy(P_.D + (size_t)j * dp, documents + (size_t)j * d, sizeof(float) * d);
    for (int c = 0; c < d; ++c) P_.Dt[dtIndex(P_, c, j)] = documents[(size_t)j * d + c];
  }
}

void Engine::refreshCentroids() {
  if (!objective_.centroid || centroidsFresh_) return;
  const int T = pool_.size();
  pool_.run([&](int t) {
    const auto range = share(P_.q, T, t, kBlock);
    if (range.first < range.second) kernels_->centroidRows(P_, range.first, range.second);
  });
  centroidsFresh_ = true;
}

void Engine::getEmbeddings(float* queries, float* documents) {
  refreshCentroids();
  const int q = P_.q, n = P_.n, d = P_.d, dp = P_.dp;
  for (int i = 0; i < q; ++i) std::memcpy(queries + (size_t)i * d, P_.Q + (size_t)i * dp, sizeof(float) * d);
  for (int j = 0; j < n; ++j) std::memcpy(documents + (size_t)j * d, P_.D + (size_t)j * dp, sizeof(float) * d);
}

double Engine::pass(const StepParams& params) {
  const Kernels& k = *kernels_;
  const int T = pool_.size(), S = P_.threads;
  pool_.run([&](int t) {
    // slice s has its own accumulator and work buffer; which thread runs it does not change the result
    for (int s = t; s < S; s += T) {
      const auto range = share(P_.q, S, s, kBlock);
      lossParts_[s] = k.stepQueries(P_, params, s, range.first, range.second);
    }
  });
  pool_.run([&](int t) {
    const auto range = share(P_.n, T, t, 16);
    if (range.first < range.second) k.stepDocs(P_, params, range.first, range.second);
  });
  double loss = 0;
  for (int s = 0; s < S; ++s) loss += lossParts_[s];  // fixed order
  return loss / lossDenominator_;
}

StepParams Engine::objectiveParams() const {
  StepParams h;
  h.objective = objective_.kind;
  h.centroid = objective_.centroid;
  const double T = objective_.temperature;
  switch (objective_.kind) {
    case kHinge:
      h.scale = (float)(1.0 / lossDenominator_);  // 1 / N
      h.margin = (float)objective_.margin;
      break;
    case kSigmoid:
      h.invT = (float)(1.0 / T);
      h.scale = (float)(1.0 / (T * lossDenominator_));  // 1 / (T·q·n)
      h.bias = (float)objective_.bias;
      break;
    default:
      h.invT = (float)(1.0 / T);
      h.scale = (float)(1.0 / ((double)numPairs_ * T));  // 1 / (P·T)
      break;
  }
  return h;
}

double Engine::step() {
  t_ += 1;
  StepParams h = objectiveParams();
  h.lr = (float)learningRate_;
  h.beta1 = (float)beta1_;
  h.beta2 = (float)beta2_;
  h.epsilon = (float)epsilon_;
  h.invC1 = (float)(1.0 / (1.0 - std::pow(beta1_, (double)t_)));
  h.invC2 = (float)(1.0 / (1.0 - std::pow(beta2_, (double)t_)));
  const double loss = pass(h);  // centroid mode: the pass computed the centroids, then the step moved D
  centroidsFresh_ = false;
  return loss;
}

double Engine::lossAndGradients(float* gQ, float* gD) {
  StepParams h = objectiveParams();
  h.gQout = gQ;
  h.gDout = gD;
  const double loss = pass(h);
  centroidsFresh_ = objective_.centroid;  // the pass wrote the centroids of the (unchanged) documents
  return loss;
}

AccuracyResult Engine::accuracy() {
  refreshCentroids();
  const int T = pool_.size(), n = P_.n, np = P_.np;
  std::vector<int64_t> exact(T, 0), inTop(T, 0), relevant(T, 0);
  pool_.run([&](int t) {
    const auto range = share(P_.q, T, t, kBlock);
    std::vector<float> scores((size_t)kBlock * np + (size_t)kBlock * P_.dp);  // + room for scaled query rows
    std::vector<uint8_t> isRelevant(n, 0);
    for (int i0 = range.first; i0 < range.second; i0 += kBlock) {
      const int count = std::min(kBlock, range.second - i0);
      kernels_->scoreRows(P_, i0, count, scores.data());
      for (int b = 0; b < count; ++b) {
        const float* s = scores.data() + (size_t)b * np;
        const int from = offsets_[i0 + b], to = offsets_[i0 + b + 1], r = to - from;
        if (r == 0) {  // nothing to retrieve: the (empty) top-0 is the relevant set
          exact[t] += 1;
          continue;
        }
        // top-k with k = r, ranked by score with ties broken by the lower document index (a stable
        // sort; the trainer's rule): relevant document j is in it when fewer than r documents precede it
        float minRel = s[docs_[from]];
        for (int p = from; p < to; ++p) minRel = std::min(minRel, s[docs_[p]]);
        int hits = 0;
        for (int p = from; p < to; ++p) {
          const int j = docs_[p];
          const float sj = s[j];
          int ahead = 0;
          for (int l = 0; l < n && ahead < r; ++l) ahead += (s[l] > sj || (s[l] == sj && l < j)) ? 1 : 0;
          if (ahead < r) ++hits;
        }
        // exact: every non-relevant document strictly below the lowest relevant one (a tie is not exact)
        for (int p = from; p < to; ++p) isRelevant[docs_[p]] = 1;
        bool exactRow = true;
        for (int j = 0; j < n && exactRow; ++j) exactRow = isRelevant[j] || s[j] < minRel;
        for (int p = from; p < to; ++p) isRelevant[docs_[p]] = 0;
        inTop[t] += hits;
        relevant[t] += r;
        if (exactRow) exact[t] += 1;
      }
    }
  });
  int64_t e = 0, h = 0, r = 0;
  for (int t = 0; t < T; ++t) {
    e += exact[t];
    h += inTop[t];
    r += relevant[t];
  }
  return {P_.q > 0 ? (double)e / P_.q : 1.0, r > 0 ? (double)h / (double)r : 1.0};
}

// ---- GEMM --------------------------------------------------------------------------------------------

void sgemmRows(int m, int n, int k, const float* A, const float* B, float* C, int threads, const std::string& isa) {
  const Kernels& kern = selectKernels(isa);
  ThreadPool pool(threads);
  const int T = pool.size();
  std::vector<FloatBuffer> packA, packB;
  for (int t = 0; t < T; ++t) {
    packA.push_back(allocFloats((size_t)kGemmMC * kGemmKC));
    packB.push_back(allocFloats((size_t)kGemmKC * kGemmNC));
  }
  pool.run([&](int t) {
    const auto range = share(m, T, t, kGemmMR);
    if (range.first < range.second)
      kern.sgemm(range.second - range.first, n, k, A + (size_t)range.first * k, k, B, n, C + (size_t)range.first * n, n,
                 packA[t].get(), packB[t].get());
  });
}

double measureGemm(int size, int threads, int repeats, const std::string& isa) {
  const Kernels& kern = selectKernels(isa);
  const size_t count = (size_t)size * size;
  FloatBuffer A = allocFloats(count), B = allocFloats(count), C = allocFloats(count);
  // deterministic, well-scaled inputs (no denormals)
  uint32_t state = 12345;
  for (size_t i = 0; i < count; ++i) {
    state = state * 1664525u + 1013904223u;
    A[i] = (float)((state >> 8) & 0xffff) / 65536.0f - 0.5f;
    state = state * 1664525u + 1013904223u;
    B[i] = (float)((state >> 8) & 0xffff) / 65536.0f - 0.5f;
  }
  ThreadPool pool(threads);
  const int T = pool.size();
  std::vector<FloatBuffer> packA, packB;
  for (int t = 0; t < T; ++t) {
    packA.push_back(allocFloats((size_t)kGemmMC * kGemmKC));
    packB.push_back(allocFloats((size_t)kGemmKC * kGemmNC));
  }
  double best = 1e300;
  for (int r = 0; r < repeats + 1; ++r) {  // the first run warms caches and threads
    const auto start = std::chrono::steady_clock::now();
    pool.run([&](int t) {
      const auto range = share(size, T, t, kGemmMR);
      if (range.first < range.second)
        kern.sgemm(range.second - range.first, size, size, A.get() + (size_t)range.first * size, size, B.get(), size,
                   C.get() + (size_t)range.first * size, size, packA[t].get(), packB[t].get());
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r > 0) best = std::min(best, seconds);
  }
  return 2.0 * (double)size * size * size / best / 1e9;
}

}  // namespace limit_kernels
