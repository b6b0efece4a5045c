/* libposecluster_native: SoloPose and HeatPose on libtorch behind a C ABI (ARCHITECTURE §6).
 * Every entry point returns a pc_status; on failure pc_last_error() gives this thread's message.
 * Only C types cross the boundary; arrays are row-major float32 with their element counts passed in.
 */
#ifndef POSECLUSTER_NATIVE_H
#define POSECLUSTER_NATIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PC_API __attribute__((visibility("default")))

/* Bumped on every incompatible change of a signature or of pc_model_config. */
#define PC_ABI_VERSION 1
#define PC_MAX_JOINTS 32

typedef enum pc_status {
  PC_OK = 0,
  PC_INVALID_ARGUMENT = 1, /* null pointer, bad config, bad shape or length */
  PC_TORCH_ERROR = 2,      /* c10::Error from libtorch */
  PC_IO_ERROR = 3,         /* file could not be read or written */
  PC_OUT_OF_MEMORY = 4,
  PC_DISTRIBUTED_ERROR = 5, /* c10d / gloo failure or timeout */
  PC_UNKNOWN_ERROR = 6
} pc_status;

typedef enum pc_input_kind { PC_INPUT_KEYPOINTS = 0, PC_INPUT_VIDEO = 1 } pc_input_kind;
typedef enum pc_head_kind { PC_HEAD_HEATPOSE = 0, PC_HEAD_REGRESSION = 1 } pc_head_kind;

/* Every size of the model, HeatPose and the optimizer. Blittable: fixed-size fields only. */
typedef struct pc_model_config {
  int32_t struct_size;   /* sizeof(pc_model_config), checked against the library's */
  int32_t input_kind;    /* pc_input_kind */
  int32_t joints;        /* J <= PC_MAX_JOINTS */
  int32_t frames;        /* T, frames per clip */
  int32_t root_joint;    /* joint the volumes are centred on (pelvis) */
  int32_t parents[PC_MAX_JOINTS]; /* kinematic tree, -1 for the root; bone neighbours for HeatPose */
  /* video adapter (CLIP-like ViT) */
  int32_t image_size, patch_size, encoder_dim, encoder_depth, encoder_heads;
  /* temporal transformer */
  int32_t embed_dim, depth, heads, window_t, window_h, window_w;
  float mlp_ratio;
  /* head */
  int32_t head_kind;     /* pc_head_kind */
  int32_t head_channels; /* channels of the first 3D convolution */
  int32_t head_token_dim;/* per-token width before flattening a frame */
  /* HeatPose */
  int32_t grid;          /* G, voxels per axis, multiple of 4 */
  float extent_mm;       /* side of the cube */
  float sigma_voxels;    /* main Gaussian sigma */
  float side_step_mm;    /* c: spacing of side Gaussians along bones */
  /* optimizer */
  float lr, weight_decay, min_lr_ratio, clip_norm;
  int32_t warmup_steps, total_steps;
  int64_t seed;
} pc_model_config;

typedef struct pc_model pc_model;
typedef struct pc_process_group pc_process_group;

PC_API int32_t pc_abi_version(void);
PC_API int32_t pc_config_size(void);
/* Message of the last failure on the calling thread ("" when none). Valid until the next call. */
PC_API const char* pc_last_error(void);
PC_API pc_status pc_set_num_threads(int32_t threads);

PC_API pc_status pc_model_create(const pc_model_config* config, const char* device, pc_model** out);
PC_API void pc_model_destroy(pc_model* model);
PC_API pc_status pc_model_parameter_count(pc_model* model, int64_t* count);
/* Input lengths: keypoints B*T*J*2 (root-centred, scale-normalized 2D); video B*T*3*H*W. Pose B*T*J*3 mm. */
PC_API pc_status pc_model_input_length(pc_model* model, int32_t batch, int64_t* length);
/* Runs only the input adapter; shape[5] = {B, T, token rows, token columns, embed_dim}. */
PC_API pc_status pc_model_adapter_shape(pc_model* model, const float* input, int64_t input_length, int32_t batch,
                                        int64_t* shape);
/* Zeroes gradients, runs forward and backward, returns the loss. */
PC_API pc_status pc_model_forward_backward(pc_model* model, const float* input, int64_t input_length,
                                           const float* pose3d, int64_t pose_length, int32_t batch,
                                           float* loss);
/* Loss without gradients (evaluation). */
PC_API pc_status pc_model_evaluate_loss(pc_model* model, const float* input, int64_t input_length,
                                        const float* pose3d, int64_t pose_length, int32_t batch, float* loss);
/* Clips gradients, sets the scheduled learning rate, takes one AdamW step; step += 1. */
PC_API pc_status pc_model_optimizer_step(pc_model* model, float* grad_norm, float* lr);
PC_API pc_status pc_model_step(pc_model* model, int64_t* step);
/* Flat views over all trainable parameters in registration order; offset/count select a bucket. */
PC_API pc_status pc_model_get_gradients(pc_model* model, int64_t offset, float* dst, int64_t count);
PC_API pc_status pc_model_set_gradients(pc_model* model, int64_t offset, const float* src, int64_t count);
PC_API pc_status pc_model_get_parameters(pc_model* model, int64_t offset, float* dst, int64_t count);
PC_API pc_status pc_model_set_parameters(pc_model* model, int64_t offset, const float* src, int64_t count);
/* Decoded joints, mm, root-relative: B*T*J*3. */
PC_API pc_status pc_model_predict(pc_model* model, const float* input, int64_t input_length, int32_t batch,
                                  float* joints, int64_t joints_length);
/* Model, optimizer, step and RNG state. */
PC_API pc_status pc_model_save(pc_model* model, const char* path);
PC_API pc_status pc_model_load(pc_model* model, const char* path);
/* Loads the video adapter's encoder from a torch.save'd state dict (names as in the adapter). */
PC_API pc_status pc_model_load_encoder(pc_model* model, const char* path);

/* HeatPose on its own (tests, pictures): frames F of J joints, mm, in the config's grid. */
PC_API pc_status pc_heatpose_targets(const pc_model_config* config, const float* pose3d, int64_t pose_length,
                                     int32_t frames, float* volumes, int64_t volumes_length);
PC_API pc_status pc_heatpose_decode(const pc_model_config* config, const float* probabilities,
                                    int64_t volumes_length, int32_t frames, float* joints, int64_t joints_length);
/* Cross-entropy of log-softmax(logits) against the targets of pose3d, mean over frames and joints. */
PC_API pc_status pc_heatpose_loss(const pc_model_config* config, const float* logits, int64_t volumes_length,
                                  const float* pose3d, int64_t pose_length, int32_t frames, float* loss);

/* c10d ProcessGroupGloo over a TCPStore rendezvous (rank 0 hosts the store). */
PC_API pc_status pc_pg_create(const char* host, int32_t port, int32_t rank, int32_t world_size,
                              int32_t timeout_ms, pc_process_group** out);
PC_API void pc_pg_destroy(pc_process_group* group);
PC_API pc_status pc_pg_allreduce_mean(pc_process_group* group, float* data, int64_t count);
PC_API pc_status pc_pg_broadcast(pc_process_group* group, float* data, int64_t count, int32_t root);
PC_API pc_status pc_pg_barrier(pc_process_group* group);

#ifdef __cplusplus
}
#endif
#endif
