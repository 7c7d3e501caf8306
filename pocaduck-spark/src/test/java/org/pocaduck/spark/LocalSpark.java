package org.pocaduck.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session in this JVM, bound to 127.0.0.1, without UI; one per test class. */
final class LocalSpark {
    private LocalSpark() {
    }

    /** {@code master} is e.g. {@code local[2]}, or {@code local[2,4]} to let each task fail up to 3 times. */
    static SparkSession start(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("pocaduck-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
