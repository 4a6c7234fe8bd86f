// The native step engine: owns the (padded, float32) parameters and Adam state, a persistent thread
// pool, and dispatches to the kernels of the best instruction set the CPU supports.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

#include "kernels.h"

namespace limit_kernels {

/** The kernels for `request` ("auto", "avx2" or "generic"); throws std::runtime_error when unsupported. */
const Kernels& selectKernels(const std::string& request);
/** The instruction set "auto" picks on this CPU. */
const char* bestInstructionSet();

/**
 * A fixed set of worker threads that run one job at a time; the calling thread is worker 0.
 * Work is split statically (worker t always gets the same share), which keeps every reduction in a
 * fixed order and the results bit-identical from run to run for a given thread count.
 */
class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  int size() const { return threads_; }
  /** Runs job(t) for t = 0 … size−1 (t = 0 on the caller) and returns when all have finished. */
  void run(const std::function<void(int)>& job);

 private:
  void workerLoop(int tid);
  int threads_;
  std::vector<std::thread> workers_;
  // raw pthread primitives: std::condition_variable::wait would tie the binary to GCC 12's libstdc++
  pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wake_ = PTHREAD_COND_INITIALIZER, done_ = PTHREAD_COND_INITIALIZER;
  const std::function<void(int)>* job_ = nullptr;
  uint64_t generation_ = 0;
  int pending_ = 0;
  bool stop_ = false;
};

struct AccuracyResult {
  double exactTopK;
  double relevantInTopK;
};

struct AlignedFree {
  void operator()(float* p) const;
};
using FloatBuffer = std::unique_ptr<float[], AlignedFree>;

/** The objective and query parameterisation of an engine (see ObjectiveKind). */
struct ObjectiveConfig {
  int kind = kInfoNce;
  double temperature = 0.1;  // InfoNCE and sigmoid
  double margin = 0;         // hinge γ
  double bias = 0;           // sigmoid b
  bool centroid = false;     // queries are the means of their relevant documents
};

class Engine {
 public:
  Engine(int q, int n, int d, const float* queries, const float* documents, std::vector<int32_t> offsets,
         std::vector<int32_t> docs, double learningRate, const ObjectiveConfig& objective, double beta1, double beta2,
         double epsilon, int threads, const std::string& isa);
  /** One Adam step; returns the loss before the update. */
  double step();
  /** Loss and gradients at the current parameters (no update): gQ is q × d, gD is n × d. */
  double lossAndGradients(float* gQ, float* gD);
  AccuracyResult accuracy();
  /** Copies Q and D out (centroid mode: the centroids of the current documents). */
  void getEmbeddings(float* queries, float* documents);
  /** Replaces Q and D (centroid mode: `queries` is ignored, the centroids follow the documents). */
  void setEmbeddings(const float* queries, const float* documents);
  const char* instructionSet() const { return kernels_->name; }
  int threads() const { return pool_.size(); }

 private:
  double pass(const StepParams& params);
  /** The per-step constants of the objective (no Adam settings). */
  StepParams objectiveParams() const;
  /** Centroid mode: recomputes Q from D when a step changed D since the last pass. */
  void refreshCentroids();
  const Kernels* kernels_;
  Problem P_;
  std::vector<int32_t> offsets_, docs_;
  int64_t numPairs_;
  ObjectiveConfig objective_;
  double lossDenominator_;  // P (InfoNCE), N = Σ k(n − k) (hinge), q·n (sigmoid)
  bool centroidsFresh_ = false;
  double learningRate_, beta1_, beta2_, epsilon_;
  int64_t t_ = 0;
  FloatBuffer Q_, mQ_, vQ_, D_, mD_, vD_, Dt_, gdAcc_, work_;
  std::vector<double> lossParts_;
  ThreadPool pool_;
};

/** GFLOP/s of C = A·B for size × size float32 matrices on `threads` threads (best of `repeats`). */
double measureGemm(int size, int threads, int repeats, const std::string& isa);
/** C = A·B (row-major, m × k times k × n) with the blocked SGEMM: a correctness entry for tests. */
void sgemmRows(int m, int n, int k, const float* A, const float* B, float* C, int threads, const std::string& isa);

}  // namespace limit_kernels
