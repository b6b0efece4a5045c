// libposecluster_gloo: the C ABI of posecluster_gloo.h over Debian's standalone Gloo. Built by
// `make native` (Makefile) with -fvisibility=hidden and a version script exporting only pcg_*.
#include "posecluster_gloo.h"

#include <gloo/allreduce.h>
#include <gloo/barrier.h>
#include <gloo/broadcast.h>
#include <gloo/common/error.h>
#include <gloo/math.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/store.h>
#include <gloo/transport/tcp/device.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

thread_local std::string last_error;

struct InvalidArgument : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct TimeoutError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void require(bool condition, const char* message) {
  if (!condition) throw InvalidArgument(message);
}

// Gloo reports both timeouts and lost peers as IoException; its timeout messages say "Timed out".
pcg_status classify_io(const std::string& message) {
  return message.find("Timed out") != std::string::npos || message.find("timed out") != std::string::npos
             ? PCG_TIMEOUT
             : PCG_PEER_LOST;
}

template <typename F>
pcg_status guarded(const char* entry, F&& body) noexcept {
  pcg_status status = PCG_OK;
  std::string message;
  try {
    body();
  } catch (const InvalidArgument& e) {
    status = PCG_INVALID_ARGUMENT, message = e.what();
  } catch (const StoreError& e) {
    status = PCG_STORE_ERROR, message = e.what();
  } catch (const TimeoutError& e) {
    status = PCG_TIMEOUT, message = e.what();
  } catch (const gloo::IoException& e) {
    status = classify_io(e.what()), message = e.what();
  } catch (const std::bad_alloc&) {
    status = PCG_INTERNAL_ERROR, message = "out of memory";
  } catch (const std::exception& e) {
    status = PCG_INTERNAL_ERROR, message = e.what();
  } catch (...) {
    status = PCG_INTERNAL_ERROR, message = "unknown C++ exception";
  }
  last_error = status == PCG_OK ? std::string() : std::string(entry) + ": " + message;
  return status;
}

// Gloo's Store over the host's callbacks.
class CallbackStore : public gloo::rendezvous::Store {
 public:
  CallbackStore(const pcg_store& callbacks, std::chrono::milliseconds timeout) : c_(callbacks), timeout_(timeout) {}

  void set(const std::string& key, const std::vector<char>& data) override {
    char error[512] = {0};
    if (c_.set(c_.state, key.c_str(), reinterpret_cast<const uint8_t*>(data.data()), static_cast<int64_t>(data.size()),
               error, sizeof(error)) != 0)
      throw StoreError("store set '" + key + "': " + error);
  }

  std::vector<char> get(const std::string& key) override {
    wait({key}, timeout_);
    std::vector<char> value;
    char error[512] = {0};
    auto sink = [](void* state, const uint8_t* data, int64_t length) {
      auto* out = static_cast<std::vector<char>*>(state);
      out->assign(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + length);
    };
    if (c_.get(c_.state, key.c_str(), &value, sink, error, sizeof(error)) != 0)
      throw StoreError("store get '" + key + "': " + error);
    return value;
  }

  void wait(const std::vector<std::string>& keys) override { wait(keys, timeout_); }

  void wait(const std::vector<std::string>& keys, const std::chrono::milliseconds& timeout) override {
    std::vector<const char*> names;
    names.reserve(keys.size());
    for (const auto& k : keys) names.push_back(k.c_str());
    char error[512] = {0};
    int32_t status = c_.wait(c_.state, names.data(), static_cast<int32_t>(names.size()),
                             static_cast<int64_t>(timeout.count()), error, sizeof(error));
    if (status == PCG_TIMEOUT) throw TimeoutError(std::string("store wait: ") + error);
    if (status != 0) throw StoreError(std::string("store wait: ") + error);
  }

 private:
  pcg_store c_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

// One Gloo context and the thread every collective of it runs on: called on a .NET thread instead, a
// small all-reduce waits for a scheduler tick (PLATFORM.md).
struct pcg_context {
  std::shared_ptr<gloo::rendezvous::Context> gloo;
  std::shared_ptr<gloo::transport::Device> device;
  std::chrono::milliseconds timeout{0};
  uint32_t tag = 0;
  int size = 0;

  std::thread worker;
  std::mutex mutex;
  std::condition_variable changed;
  std::function<void()> job;
  std::exception_ptr failure;
  bool pending = false;
  bool stopping = false;

  pcg_context() {
    worker = std::thread([this] {
      std::unique_lock<std::mutex> lock(mutex);
      for (;;) {
        changed.wait(lock, [this] { return pending && job != nullptr ? true : stopping; });
        if (job == nullptr) return;
        auto work = std::move(job);
        job = nullptr;
        lock.unlock();
        std::exception_ptr error;
        try {
          work();
        } catch (...) {
          error = std::current_exception();
        }
        lock.lock();
        failure = error;
        pending = false;
        changed.notify_all();
      }
    });
  }

  ~pcg_context() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    changed.notify_all();
    worker.join();
  }

  // Runs work on the worker thread and rethrows what it threw here.
  void run(std::function<void()> work) {
    std::unique_lock<std::mutex> lock(mutex);
    job = std::move(work);
    pending = true;
    failure = nullptr;
    changed.notify_all();
    lock.unlock();
    // Spin briefly before sleeping: a small collective finishes within microseconds, and a sleeping
    // caller on a busy machine may wait a whole scheduler tick to be woken.
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (std::chrono::steady_clock::now() < until) {
      lock.lock();
      if (!pending) break;
      lock.unlock();
      std::this_thread::yield();
    }
    if (!lock.owns_lock()) lock.lock();
    changed.wait(lock, [this] { return !pending; });
    if (failure) std::rethrow_exception(failure);
  }
};

extern "C" {

int32_t pcg_abi_version(void) { return PCG_ABI_VERSION; }

const char* pcg_last_error(void) { return last_error.c_str(); }

pcg_status pcg_context_create(int32_t rank, int32_t size, const pcg_store* store, const char* host, int64_t timeout_ms,
                              pcg_context** out) {
  return guarded("pcg_context_create", [&] {
    require(out != nullptr, "out must not be null");
    *out = nullptr;
    require(store != nullptr && store->set != nullptr && store->get != nullptr && store->wait != nullptr,
            "store and its set, get and wait callbacks must not be null");
    require(host != nullptr && *host != 0, "host must not be empty");
    require(size >= 1 && rank >= 0 && rank < size, "rank must be in 0..size-1 and size positive");
    require(timeout_ms > 0, "timeout_ms must be positive");
    auto context = std::make_unique<pcg_context>();
    context->timeout = std::chrono::milliseconds(timeout_ms);
    context->size = size;
    CallbackStore callbacks(*store, context->timeout);
    std::string hostname(host);
    auto* c = context.get();
    c->run([&] {
      gloo::transport::tcp::attr attr;
      attr.hostname = hostname;
      c->device = gloo::transport::tcp::CreateDevice(attr);
      c->gloo = std::make_shared<gloo::rendezvous::Context>(rank, size);
      c->gloo->setTimeout(c->timeout);
      c->gloo->connectFullMesh(callbacks, c->device);
    });
    *out = context.release();
  });
}

void pcg_context_destroy(pcg_context* context) {
  guarded("pcg_context_destroy", [&] {
    if (context == nullptr) return;
    // Close the connections on the thread that used them, then stop it.
    context->run([context] {
      context->gloo.reset();
      context->device.reset();
    });
    delete context;
  });
}

pcg_status pcg_allreduce_f32(pcg_context* context, float* data, int64_t count, int32_t average) {
  return guarded("pcg_allreduce_f32", [&] {
    require(context != nullptr && context->gloo != nullptr, "context must be an open context");
    require(data != nullptr && count > 0, "data must not be null and count positive");
    context->run([&] {
      gloo::AllreduceOptions options(context->gloo);
      options.setOutput(data, static_cast<size_t>(count));
      options.setReduceFunction(static_cast<void (*)(void*, const void*, const void*, size_t)>(&gloo::sum<float>));
      options.setTag(context->tag++);
      options.setTimeout(context->timeout);
      gloo::allreduce(options);
    });
    if (average != 0 && context->size > 1) {
      const float scale = 1.0f / static_cast<float>(context->size);
      for (int64_t i = 0; i < count; ++i) data[i] *= scale;
    }
  });
}

pcg_status pcg_broadcast(pcg_context* context, void* data, int64_t bytes, int32_t root) {
  return guarded("pcg_broadcast", [&] {
    require(context != nullptr && context->gloo != nullptr, "context must be an open context");
    require(data != nullptr && bytes > 0, "data must not be null and bytes positive");
    require(root >= 0 && root < context->size, "root must be a rank of the context");
    context->run([&] {
      gloo::BroadcastOptions options(context->gloo);
      // Root sends from the output buffer when no input is set: the data never moves on the root.
      options.setOutput(static_cast<uint8_t*>(data), static_cast<size_t>(bytes));
      options.setRoot(root);
      options.setTag(context->tag++);
      options.setTimeout(context->timeout);
      gloo::broadcast(options);
    });
  });
}

pcg_status pcg_barrier(pcg_context* context) {
  return guarded("pcg_barrier", [&] {
    require(context != nullptr && context->gloo != nullptr, "context must be an open context");
    context->run([&] {
      gloo::BarrierOptions options(context->gloo);
      options.setTag(context->tag++);
      options.setTimeout(context->timeout);
      gloo::barrier(options);
    });
  });
}

}  // extern "C"
