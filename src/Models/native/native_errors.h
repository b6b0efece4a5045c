// One place that turns every C++ exception into a pc_status and this thread's last-error message.
#ifndef POSECLUSTER_NATIVE_ERRORS_H
#define POSECLUSTER_NATIVE_ERRORS_H

#include <c10/util/Exception.h>
#include <new>
#include <stdexcept>
#include <string>

#include "posecluster_native.h"

namespace pc {

// A caller mistake found before any tensor is touched: null pointer, bad config, bad length.
struct InvalidArgument : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct DistributedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void set_last_error(const std::string& message);

inline void require(bool condition, const std::string& message) {
  if (!condition) throw InvalidArgument(message);
}

template <typename F>
pc_status guarded(const char* entry, F&& body) noexcept {
  try {
    set_last_error("");
    body();
    return PC_OK;
  } catch (const InvalidArgument& e) {
    set_last_error(std::string(entry) + ": " + e.what());
    return PC_INVALID_ARGUMENT;
  } catch (const IoError& e) {
    set_last_error(std::string(entry) + ": " + e.what());
    return PC_IO_ERROR;
  } catch (const DistributedError& e) {
    set_last_error(std::string(entry) + ": " + e.what());
    return PC_DISTRIBUTED_ERROR;
  } catch (const c10::Error& e) {
    set_last_error(std::string(entry) + ": " + e.what_without_backtrace());
    return PC_TORCH_ERROR;
  } catch (const std::bad_alloc&) {
    set_last_error(std::string(entry) + ": out of memory");
    return PC_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    set_last_error(std::string(entry) + ": " + e.what());
    return PC_UNKNOWN_ERROR;
  } catch (...) {
    set_last_error(std::string(entry) + ": unknown C++ exception");
    return PC_UNKNOWN_ERROR;
  }
}

}  // namespace pc

#endif
