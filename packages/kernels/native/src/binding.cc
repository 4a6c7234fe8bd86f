// N-API binding of the native kernels (ABI-stable: one binary serves every Node version ≥ 20).
// The JavaScript wrapper (src/native-step-engine.ts) validates every argument with typed errors;
// the checks here only guard memory safety (array types and lengths).
#include <node_api.h>

#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "engine.h"

namespace {

using limit_kernels::Engine;

/**
 * Version of the argument lists below. The TypeScript wrapper refuses an addon with another version (a stale
 * prebuild would read the new arguments wrongly, e.g. train InfoNCE when asked for the hinge).
 */
constexpr int kAbiVersion = 2;

struct Failure {
  std::string message;
};

void check(napi_env env, napi_status status) {
  if (status != napi_ok) {
    const napi_extended_error_info* info = nullptr;
    napi_get_last_error_info(env, &info);
    throw Failure{info != nullptr && info->error_message != nullptr ? info->error_message : "N-API call failed"};
  }
}

template <typename F>
napi_value guarded(napi_env env, F&& body) {
  try {
    return body();
  } catch (const Failure& f) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_error(env, "LIMIT_KERNELS", f.message.c_str());
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, "LIMIT_KERNELS_OOM", "out of memory");
  } catch (const std::exception& e) {
    napi_throw_error(env, "LIMIT_KERNELS", e.what());
  }
  return nullptr;
}

std::vector<napi_value> args(napi_env env, napi_callback_info info, size_t expected) {
  std::vector<napi_value> argv(expected);
  size_t argc = expected;
  check(env, napi_get_cb_info(env, info, &argc, argv.data(), nullptr, nullptr));
  if (argc < expected) throw Failure{"expected " + std::to_string(expected) + " arguments"};
  return argv;
}

double number(napi_env env, napi_value v) {
  double x = 0;
  check(env, napi_get_value_double(env, v, &x));
  return x;
}

std::string string(napi_env env, napi_value v) {
  size_t len = 0;
  check(env, napi_get_value_string_utf8(env, v, nullptr, 0, &len));
  std::string s(len, '\0');
  check(env, napi_get_value_string_utf8(env, v, s.data(), len + 1, &len));
  return s;
}

template <typename T>
T* typedArray(napi_env env, napi_value v, napi_typedarray_type type, size_t length, const char* what) {
  bool is = false;
  check(env, napi_is_typedarray(env, v, &is));
  if (!is) throw Failure{std::string(what) + " must be a typed array"};
  napi_typedarray_type actual;
  size_t len = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &actual, &len, &data, nullptr, nullptr));
  if (actual != type) throw Failure{std::string(what) + " has the wrong element type"};
  if (len != length) throw Failure{std::string(what) + " has length " + std::to_string(len) + ", expected " + std::to_string(length)};
  return static_cast<T*>(data);
}

struct Holder {
  Engine* engine = nullptr;
  int q = 0, n = 0, d = 0;
};

void finalize(napi_env, void* data, void*) {
  auto* h = static_cast<Holder*>(data);
  delete h->engine;
  delete h;
}

Holder& holder(napi_env env, napi_value v) {
  void* data = nullptr;
  check(env, napi_unwrap(env, v, &data));
  auto* h = static_cast<Holder*>(data);
  if (h->engine == nullptr) throw Failure{"the native engine was disposed"};
  return *h;
}

napi_value createEngine(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    // queries, documents, q, n, d, offsets, docs, learningRate, temperature, beta1, beta2, epsilon, threads,
    // instructionSet, objective ('infoNce' | 'hinge' | 'sigmoid'), margin, bias, queryMode ('free' | 'centroid')
    auto a = args(env, info, 18);
    const int q = (int)number(env, a[2]), n = (int)number(env, a[3]), d = (int)number(env, a[4]);
    if (q < 0 || n < 1 || d < 1) throw Failure{"bad sizes"};
    const float* Q = typedArray<float>(env, a[0], napi_float32_array, (size_t)q * d, "queries");
    const float* D = typedArray<float>(env, a[1], napi_float32_array, (size_t)n * d, "documents");
    const int32_t* off = typedArray<int32_t>(env, a[5], napi_int32_array, (size_t)q + 1, "offsets");
    bool isDocs = false;
    check(env, napi_is_typedarray(env, a[6], &isDocs));
    if (!isDocs) throw Failure{"docs must be an Int32Array"};
    napi_typedarray_type type;
    size_t docsLen = 0;
    void* docsData = nullptr;
    check(env, napi_get_typedarray_info(env, a[6], &type, &docsLen, &docsData, nullptr, nullptr));
    if (type != napi_int32_array) throw Failure{"docs must be an Int32Array"};
    const int32_t* docs = static_cast<const int32_t*>(docsData);
    std::vector<int32_t> offsets(off, off + q + 1);
    for (int i = 0; i < q; ++i)
      if (offsets[i] < 0 || offsets[i + 1] < offsets[i] || (size_t)offsets[i + 1] > docsLen) throw Failure{"bad offsets"};
    std::vector<int32_t> docsCopy(docs, docs + docsLen);
    for (int i = 0; i < q; ++i)
      for (int p = offsets[i]; p < offsets[i + 1]; ++p)
        if (docsCopy[p] < 0 || docsCopy[p] >= n) throw Failure{"document id out of range"};
    if (q > 0 && offsets[q] - offsets[0] <= 0) throw Failure{"no relevant pairs"};
    limit_kernels::ObjectiveConfig objective;
    const std::string objectiveName = string(env, a[14]), queryMode = string(env, a[17]);
    if (objectiveName == "infoNce") objective.kind = limit_kernels::kInfoNce;
    else if (objectiveName == "hinge") objective.kind = limit_kernels::kHinge;
    else if (objectiveName == "sigmoid") objective.kind = limit_kernels::kSigmoid;
    else throw Failure{"unknown objective " + objectiveName};
    if (queryMode != "free" && queryMode != "centroid") throw Failure{"unknown query mode " + queryMode};
    objective.temperature = number(env, a[8]);
    objective.margin = number(env, a[15]);
    objective.bias = number(env, a[16]);
    objective.centroid = queryMode == "centroid";
    if (objective.centroid)  // a centroid needs documents: every query has at least one
      for (int i = 0; i < q; ++i)
        if (offsets[i + 1] <= offsets[i]) throw Failure{"centroid queries need a relevant document each"};
    auto* h = new Holder();
    h->q = q;
    h->n = n;
    h->d = d;
    try {
      h->engine = new Engine(q, n, d, Q, D, std::move(offsets), std::move(docsCopy), number(env, a[7]), objective,
                             number(env, a[9]), number(env, a[10]), number(env, a[11]), (int)number(env, a[12]),
                             string(env, a[13]));
    } catch (...) {
      delete h;
      throw;
    }
    napi_value obj;
    check(env, napi_create_object(env, &obj));
    napi_status st = napi_wrap(env, obj, h, finalize, nullptr, nullptr);
    if (st != napi_ok) {
      delete h->engine;
      delete h;
      check(env, st);
    }
    return obj;
  });
}

napi_value makeNumber(napi_env env, double x) {
  napi_value v;
  check(env, napi_create_double(env, x, &v));
  return v;
}

napi_value engineStep(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    return makeNumber(env, holder(env, a[0]).engine->step());
  });
}

napi_value engineLossAndGradients(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3);
    Holder& h = holder(env, a[0]);
    float* gQ = typedArray<float>(env, a[1], napi_float32_array, (size_t)h.q * h.d, "gQ");
    float* gD = typedArray<float>(env, a[2], napi_float32_array, (size_t)h.n * h.d, "gD");
    return makeNumber(env, h.engine->lossAndGradients(gQ, gD));
  });
}

napi_value engineAccuracy(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    const auto r = holder(env, a[0]).engine->accuracy();
    napi_value obj;
    check(env, napi_create_object(env, &obj));
    check(env, napi_set_named_property(env, obj, "exactTopK", makeNumber(env, r.exactTopK)));
    check(env, napi_set_named_property(env, obj, "relevantInTopK", makeNumber(env, r.relevantInTopK)));
    return obj;
  });
}

napi_value engineGetEmbeddings(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3);
    Holder& h = holder(env, a[0]);
    float* Q = typedArray<float>(env, a[1], napi_float32_array, (size_t)h.q * h.d, "queries");
    float* D = typedArray<float>(env, a[2], napi_float32_array, (size_t)h.n * h.d, "documents");
    h.engine->getEmbeddings(Q, D);
    return nullptr;
  });
}

napi_value engineSetEmbeddings(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3);
    Holder& h = holder(env, a[0]);
    const float* Q = typedArray<float>(env, a[1], napi_float32_array, (size_t)h.q * h.d, "queries");
    const float* D = typedArray<float>(env, a[2], napi_float32_array, (size_t)h.n * h.d, "documents");
    h.engine->setEmbeddings(Q, D);
    return nullptr;
  });
}

napi_value engineInfo(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    Holder& h = holder(env, a[0]);
    napi_value obj, isa;
    check(env, napi_create_object(env, &obj));
    check(env, napi_create_string_utf8(env, h.engine->instructionSet(), NAPI_AUTO_LENGTH, &isa));
    check(env, napi_set_named_property(env, obj, "instructionSet", isa));
    check(env, napi_set_named_property(env, obj, "threads", makeNumber(env, h.engine->threads())));
    return obj;
  });
}

napi_value engineDispose(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    void* data = nullptr;
    check(env, napi_unwrap(env, a[0], &data));
    auto* h = static_cast<Holder*>(data);
    delete h->engine;  // joins the worker threads
    h->engine = nullptr;
    return nullptr;
  });
}

napi_value measureGemm(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 4);
    const int size = (int)number(env, a[0]);
    if (size < 1 || size > 16384) throw Failure{"bad size"};
    return makeNumber(env, limit_kernels::measureGemm(size, (int)number(env, a[1]), (int)number(env, a[2]), string(env, a[3])));
  });
}

napi_value sgemm(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 8);
    const int m = (int)number(env, a[3]), n = (int)number(env, a[4]), k = (int)number(env, a[5]);
    if (m < 1 || n < 1 || k < 1) throw Failure{"bad sizes"};
    const float* A = typedArray<float>(env, a[0], napi_float32_array, (size_t)m * k, "A");
    const float* B = typedArray<float>(env, a[1], napi_float32_array, (size_t)k * n, "B");
    float* C = typedArray<float>(env, a[2], napi_float32_array, (size_t)m * n, "C");
    limit_kernels::sgemmRows(m, n, k, A, B, C, (int)number(env, a[6]), string(env, a[7]));
    return nullptr;
  });
}

napi_value bestInstructionSet(napi_env env, napi_callback_info) {
  return guarded(env, [&]() -> napi_value {
    napi_value s;
    check(env, napi_create_string_utf8(env, limit_kernels::bestInstructionSet(), NAPI_AUTO_LENGTH, &s));
    return s;
  });
}

napi_value init(napi_env env, napi_value exports) {
  napi_value abiVersion;
  napi_create_int32(env, kAbiVersion, &abiVersion);
  const napi_property_descriptor props[] = {
      {"abiVersion", nullptr, nullptr, nullptr, nullptr, abiVersion, napi_enumerable, nullptr},
      {"createEngine", nullptr, createEngine, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineStep", nullptr, engineStep, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineLossAndGradients", nullptr, engineLossAndGradients, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineAccuracy", nullptr, engineAccuracy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineGetEmbeddings", nullptr, engineGetEmbeddings, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineSetEmbeddings", nullptr, engineSetEmbeddings, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineInfo", nullptr, engineInfo, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"engineDispose", nullptr, engineDispose, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"measureGemm", nullptr, measureGemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgemm", nullptr, sgemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"bestInstructionSet", nullptr, bestInstructionSet, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
