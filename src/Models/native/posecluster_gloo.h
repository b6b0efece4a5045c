/* libposecluster_gloo: a C ABI over Debian's standalone Gloo (libgloo0) for data-parallel training
 * (ARCHITECTURE §6). The C# binding is src/Models/Distributed. Every entry point returns a pcg_status and
 * never lets a C++ exception out; on failure pcg_last_error() gives the calling thread's message.
 * Every collective runs on the context's own worker thread (one per context) and waits at most the
 * context's timeout. Buffers are the caller's memory, reduced in place.
 */
#ifndef POSECLUSTER_GLOO_H
#define POSECLUSTER_GLOO_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PCG_API __attribute__((visibility("default")))

/* Bumped on every incompatible change of a signature or of pcg_store. */
#define PCG_ABI_VERSION 1

typedef enum pcg_status {
  PCG_OK = 0,
  PCG_INVALID_ARGUMENT = 1, /* null pointer, bad rank/size/count/root */
  PCG_STORE_ERROR = 2,      /* a rendezvous store callback failed */
  PCG_TIMEOUT = 3,          /* a collective or the rendezvous did not finish within the timeout */
  PCG_PEER_LOST = 4,        /* a peer closed its connection or an I/O error ended the collective */
  PCG_INTERNAL_ERROR = 5    /* any other failure */
} pcg_status;

/* Receives the bytes of a value during a get callback (copied before it returns). */
typedef void (*pcg_sink)(void* sink_state, const uint8_t* data, int64_t length);

/* The rendezvous store, implemented by the host (callbacks return 0 on success; on failure they write a
 * NUL-terminated message of at most error_capacity bytes into error). Called on the worker thread during
 * pcg_context_create only. */
typedef struct pcg_store {
  void* state;
  int32_t (*set)(void* state, const char* key, const uint8_t* data, int64_t length, char* error, int32_t error_capacity);
  /* The value of a key that exists (the shim waits for it first). */
  int32_t (*get)(void* state, const char* key, void* sink_state, pcg_sink sink, char* error, int32_t error_capacity);
  /* Returns once every key exists, or fails after timeout_ms. */
  int32_t (*wait)(void* state, const char* const* keys, int32_t count, int64_t timeout_ms, char* error, int32_t error_capacity);
} pcg_store;

typedef struct pcg_context pcg_context;

PCG_API int32_t pcg_abi_version(void);
/* Message of the last failure on the calling thread ("" when none). Valid until the next call. */
PCG_API const char* pcg_last_error(void);

/* Rendezvous of `size` ranks through the store, full mesh over TCP on `host` (this rank's address). */
PCG_API pcg_status pcg_context_create(int32_t rank, int32_t size, const pcg_store* store, const char* host,
                                      int64_t timeout_ms, pcg_context** out);
/* Stops the worker thread and closes every connection. */
PCG_API void pcg_context_destroy(pcg_context* context);
/* In place: data becomes the element-wise sum over all ranks, divided by `size` when average != 0. */
PCG_API pcg_status pcg_allreduce_f32(pcg_context* context, float* data, int64_t count, int32_t average);
/* In place: every rank's bytes become root's. */
PCG_API pcg_status pcg_broadcast(pcg_context* context, void* data, int64_t bytes, int32_t root);
PCG_API pcg_status pcg_barrier(pcg_context* context);

#ifdef __cplusplus
}
#endif
#endif
