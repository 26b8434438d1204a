/**
 * Experiment configuration: one YAML file in {@code configs/} describes one training run (model,
 * data, training, runtime and output), and a sweep file expands a base config over a small grid.
 *
 * <p>Reading is strict, because a typo in a config otherwise silently trains the wrong experiment:
 * an unknown key (with the nearest valid key suggested), a wrong type or an out-of-range value is a
 * {@link cnnlab.config.ConfigException}, one line naming the file, the field and what was expected.
 * Every field has a default, documented in {@code configs/README.md}; a run writes the fully
 * resolved config next to its results.
 */
package cnnlab.config;
