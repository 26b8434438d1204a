/**
 * Where a trained network looks: saliency (the gradient of a class's logit with respect to the
 * input), gradient x input, and Grad-CAM at the last conv layer, computed through DL4J's own layers'
 * forward and backward passes ({@link cnnlab.explain.Attribution}); and the choice of the test images
 * a run's gallery shows ({@link cnnlab.explain.GallerySelection}). Drawing is {@code cnnlab.plot}'s.
 */
package cnnlab.explain;
