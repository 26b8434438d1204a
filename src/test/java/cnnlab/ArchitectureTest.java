package cnnlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture, checked on the compiled classes (ArchUnit): one package per concern, in layers,
 * with no exceptions listed.
 *
 * <pre>
 * cli                                   parses options and prints; nothing uses it
 * bench   verify                        the benchmark; the three-way check (uses model, never used by it)
 * train                                 the epoch loop, checkpoints, evaluation, the run directory
 * runtime                               backend, thread settings, environment
 * records                               the typed files a run writes and reads
 * model                                 DL4J networks and cnnlab's layers
 * config                                experiment configs
 * reference  metrics  plot  data  io    plain Java: no DL4J, no ND4J
 * </pre>
 *
 * A layer may use the layers below it, never those above; the bottom packages use only what their
 * rule names; and no two packages depend on each other, directly or round a longer cycle.
 */
@AnalyzeClasses(packages = "cnnlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DL4J_AND_ND4J = {"org.deeplearning4j..", "org.nd4j..", "org.datavec.."};

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("cnnlab.cli..")
            .layer("bench").definedBy("cnnlab.bench..")
            .layer("verify").definedBy("cnnlab.verify..")
            .layer("train").definedBy("cnnlab.train..")
            .layer("runtime").definedBy("cnnlab.runtime..")
            .layer("records").definedBy("cnnlab.records..")
            .layer("model").definedBy("cnnlab.model..")
            .layer("config").definedBy("cnnlab.config..")
            .layer("plain").definedBy("cnnlab.reference..", "cnnlab.metrics..", "cnnlab.plot..", "cnnlab.data..", "cnnlab.io..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("verify").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("train").mayOnlyBeAccessedByLayers("bench", "cli")
            .whereLayer("runtime").mayOnlyBeAccessedByLayers("train", "bench", "cli")
            .whereLayer("records").mayOnlyBeAccessedByLayers("runtime", "train", "bench", "cli")
            .whereLayer("model").mayOnlyBeAccessedByLayers("records", "runtime", "train", "verify", "bench", "cli")
            .whereLayer("config").mayOnlyBeAccessedByLayers("model", "records", "runtime", "train", "verify", "bench", "cli");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("cnnlab.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule modelNeverUsesVerify = noClasses().that().resideInAPackage("cnnlab.model..")
            .should().dependOnClassesThat().resideInAPackage("cnnlab.verify..")
            .because("verify checks the model: the training code must not depend on what checks it");

    @ArchTest
    static final ArchRule plainPackagesAreFreeOfDl4j = noClasses()
            .that().resideInAnyPackage("cnnlab.reference..", "cnnlab.metrics..", "cnnlab.plot..", "cnnlab.data..", "cnnlab.io..")
            .should().dependOnClassesThat().resideInAnyPackage(DL4J_AND_ND4J)
            .because("reference is the independent side of every comparison, and the plain layers compute from plain arrays");

    @ArchTest
    static final ArchRule referenceUsesNoOtherPackage = noClasses().that().resideInAPackage("cnnlab.reference..")
            .should().dependOnClassesThat().resideInAnyPackage(others("reference"));

    @ArchTest
    static final ArchRule ioUsesNoOtherPackage = noClasses().that().resideInAPackage("cnnlab.io..")
            .should().dependOnClassesThat().resideInAnyPackage(others("io"));

    @ArchTest
    static final ArchRule dataUsesOnlyIo = noClasses().that().resideInAPackage("cnnlab.data..")
            .should().dependOnClassesThat().resideInAnyPackage(others("data", "io"));

    @ArchTest
    static final ArchRule metricsUseOnlyData = noClasses().that().resideInAPackage("cnnlab.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage(others("metrics", "data"));

    @ArchTest
    static final ArchRule plotsUseOnlyIo = noClasses().that().resideInAPackage("cnnlab.plot..")
            .should().dependOnClassesThat().resideInAnyPackage(others("plot", "io"));

    /** Every cnnlab package but {@code allowed}, as ArchUnit package patterns. */
    private static String[] others(String... allowed) {
        java.util.List<String> all = java.util.List.of("reference", "io", "data", "metrics", "plot", "config", "model", "records",
                "runtime", "train", "verify", "bench", "cli");
        java.util.Set<String> keep = java.util.Set.of(allowed);
        return all.stream().filter(p -> !keep.contains(p)).map(p -> "cnnlab." + p + "..").toArray(String[]::new);
    }
}
