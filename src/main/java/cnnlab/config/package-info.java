/**
 * Experiment configuration: one YAML file in {@code configs/} describes one training run (model,
 * data, training, runtime and output), and a sweep file expands a base config over a small grid.
 *
 * <p>Reading is strict, because a typo in a config otherwise silently trains the wrong experiment:
 * an unknown key (with the nearest valid key suggested), a wrong type or an out-of-range value is a
 * {@link cnnlab.config.ConfigException}, one line naming the file, the field and what was expected.
 * A hidden layer's settings depend on its {@code type}: Jackson binds each layer to the class of its
 * type ({@link cnnlab.config.LayerConfig}), so a setting of another type is refused while the file
 * is read. One mapper ({@code ConfigYaml}) reads and writes every config.
 * Every field has a default, documented in {@code configs/README.md}; a run writes the fully
 * resolved config next to its results.
 */
package cnnlab.config;
