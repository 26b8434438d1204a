/**
 * {@code cnnlab doctor}: whether this machine's ND4J backend works, checked by running it. It loads
 * the backend, reports the device (on CUDA: the GPU, its compute capability, the driver's and the
 * runtime's CUDA versions), runs a small convolution and the gradients of a training step on the device
 * and compares them with {@code cnnlab.reference}, and trains the lab's LeNet one step. Meant for the
 * first minutes on a new GPU node, where a missing library or a GPU newer than CUDA 11.6 shows up as one
 * clear line rather than as a failed training job.
 */
package cnnlab.doctor;
