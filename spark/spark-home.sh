# spark/spark-home.sh: sourced (bash) by slurm/train-spark.sbatch and bench/spark, which start a Spark
# master and workers from the Spark module's Maven jars (no Spark download).
#
#   cnnlab_spark_home DIR CNNLAB_HOME
#       links the jars (those of CNNLAB_CLASSPATH, else of the module built under CNNLAB_HOME: spark/target)
#       into DIR/jars, afresh; exports SPARK_HOME=DIR and SPARK_SCALA_VERSION; sets the array
#       cnnlab_spark_java, the java command line that runs a master or a worker. Returns 1, doing nothing,
#       when CNNLAB_CLASSPATH is unset and the module is not built.

cnnlab_spark_home() {
    local dir="$1" home="$2" jar
    local jars=()
    if [ -n "${CNNLAB_CLASSPATH:-}" ]; then
        IFS=: read -r -a jars <<<"$CNNLAB_CLASSPATH"
    else
        [ -f "$home/spark/target/cnnlab-spark.jar" ] && [ -f "$home/spark/target/classpath.txt" ] || return 1
        IFS=: read -r -a jars <<<"$home/spark/target/cnnlab-spark.jar:$(cat "$home/spark/target/classpath.txt")"
    fi
    # afresh: a folder left by an earlier job with the same id (a test cluster) may link other versions
    rm -rf "$dir/jars"
    mkdir -p "$dir/jars"
    for jar in "${jars[@]}"; do
        case "$jar" in *.jar) [ -f "$jar" ] && ln -sf "$jar" "$dir/jars/" ;; esac
    done
    export SPARK_HOME="$dir" SPARK_SCALA_VERSION=2.12
    cnnlab_spark_java=(java -Xmx1g --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED
        --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED -cp "$SPARK_HOME/jars/*")
}
