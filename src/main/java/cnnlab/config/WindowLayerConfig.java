package cnnlab.config;

/**
 * A layer that slides a window over the image, conv or pool: the settings they share (stride,
 * padding and output-size rule) and the window size that the config check follows through the stack.
 */
public abstract sealed class WindowLayerConfig extends LayerConfig permits ConvLayerConfig, PoolLayerConfig {

    /** Stride; default 1 for conv, the window size for pool. */
    public Integer stride;
    /** Zero padding on each side; default 0. */
    public Integer padding;
    /** Overrides model.convolutionMode for this layer. */
    public ConvolutionModeName convolutionMode;

    WindowLayerConfig(LayerType type) {
        super(type);
    }

    /** The window's side (square): a conv's kernel, a pool's size; null before validation if not given. */
    abstract Integer window();

    /** The window as a message names it, e.g. {@code conv 5x5} or {@code max pool 2x2}. */
    abstract String describeWindow();
}
