package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal form of ingest progress: a bar counting points against the input's rows, and the summary. */
class IngestProgressTest {
    @Test
    void aTerminalGetsABarOfPointsReadAgainstTheTotalAndTheLogStaysQuiet() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        String summary;
        try (IngestProgress progress = new IngestProgress(new PrintWriter(log),
                new PrintStream(terminal, true, StandardCharsets.UTF_8), 5)) {
            progress.rowsRead(2);
            progress.rowsRead(3);
            progress.fileRead();
            summary = progress.summary();
        }
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("ingest").contains("5/5").contains("points/s");
        assertThat(log.toString()).isEmpty();
        assertThat(summary).startsWith("ingested 5 points from 1 file in ");
    }
}
