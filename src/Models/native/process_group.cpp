// c10d ProcessGroupGloo over a TCPStore rendezvous, for data-parallel training (ARCHITECTURE §7).
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>

#include "native_errors.h"

struct pc_process_group {
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
  std::chrono::milliseconds timeout;
};

namespace {

void wait_for(pc_process_group* g, const c10::intrusive_ptr<c10d::Work>& work) {
  try {
    work->wait(g->timeout);
  } catch (const c10::Error& e) {
    throw pc::DistributedError(e.what_without_backtrace());
  }
}

at::Tensor wrap(float* data, int64_t count) {
  return at::from_blob(data, {count}, at::TensorOptions().dtype(at::kFloat));
}

}  // namespace

extern "C" {

pc_status pc_pg_create(const char* host, int32_t port, int32_t rank, int32_t world_size, int32_t timeout_ms,
                       pc_process_group** out) {
  return pc::guarded("pc_pg_create", [&] {
    pc::require(host != nullptr && out != nullptr, "host and out must not be null");
    pc::require(port > 0 && port < 65536, "port must be in 1..65535");
    pc::require(world_size >= 1 && rank >= 0 && rank < world_size, "rank must be in 0..world_size-1");
    pc::require(timeout_ms > 0, "timeout_ms must be positive");
    *out = nullptr;
    auto timeout = std::chrono::milliseconds(timeout_ms);
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.isServer = rank == 0;
    options.numWorkers = static_cast<std::size_t>(world_size);
    options.waitWorkers = true;
    options.timeout = timeout;
    auto group = std::make_unique<pc_process_group>();
    try {
      group->store = c10::make_intrusive<c10d::TCPStore>(std::string(host), options);
      auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(host));
      gloo_options->threads = 1;
      group->group = c10::make_intrusive<c10d::ProcessGroupGloo>(group->store, rank, world_size, gloo_options);
    } catch (const c10::Error& e) {
      throw pc::DistributedError(e.what_without_backtrace());
    } catch (const std::runtime_error& e) {
      throw pc::DistributedError(e.what());
    }
    group->timeout = timeout;
    *out = group.release();
  });
}

void pc_pg_destroy(pc_process_group* group) {
  pc::guarded("pc_pg_destroy", [&] { delete group; });
}

pc_status pc_pg_allreduce_mean(pc_process_group* group, float* data, int64_t count) {
  return pc::guarded("pc_pg_allreduce_mean", [&] {
    pc::require(group != nullptr && data != nullptr && count > 0, "group and data must be set, count > 0");
    std::vector<at::Tensor> tensors{wrap(data, count)};
    wait_for(group, group->group->allreduce(tensors));
    tensors[0].div_(static_cast<double>(group->group->getSize()));
  });
}

pc_status pc_pg_broadcast(pc_process_group* group, float* data, int64_t count, int32_t root) {
  return pc::guarded("pc_pg_broadcast", [&] {
    pc::require(group != nullptr && data != nullptr && count > 0, "group and data must be set, count > 0");
    pc::require(root >= 0 && root < group->group->getSize(), "root must be a rank of the group");
    std::vector<at::Tensor> tensors{wrap(data, count)};
    c10d::BroadcastOptions options;
    options.rootRank = root;
    wait_for(group, group->group->broadcast(tensors, options));
  });
}

pc_status pc_pg_barrier(pc_process_group* group) {
  return pc::guarded("pc_pg_barrier", [&] {
    pc::require(group != nullptr, "group must not be null");
    wait_for(group, group->group->barrier());
  });
}

}  // extern "C"
