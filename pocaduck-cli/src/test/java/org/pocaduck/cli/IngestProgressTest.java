package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal form of ingest progress: a bar counting points, and the same summary as the plain form. */
class IngestProgressTest {
    @Test
    void aTerminalGetsABarOfPointsReadAndTheLogStaysQuiet() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        String summary;
        try (IngestProgress progress = new IngestProgress(new PrintWriter(log),
                new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
            progress.chunkRead(new PointChunk.Integers(7, "b1", new long[][] {{1, 2, 3}, {4, 5, 6}}));
            progress.chunkRead(new PointChunk.Integers(-1L, "b2", new long[][] {{7, 8, 9}}));
            progress.fileRead();
            summary = progress.summary();
        }
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("ingest").contains("3")
                .contains("2 labels, 2 blocks");
        assertThat(log.toString()).isEmpty();
        assertThat(summary).startsWith("ingested 3 points, 2 labels, 2 blocks from 1 file in ");
    }
}
