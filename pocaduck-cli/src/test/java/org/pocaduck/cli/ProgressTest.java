package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A progress bar whose total becomes known while it runs, as consolidation's does. */
class ProgressTest {
    @Test
    void aTotalLearnedLateShowsOnTheBar() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        try (Progress progress = Progress.onTerminal("consolidate", "indexes", -1, new PrintWriter(log),
                new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
            for (int read = 1; read <= 3; read++) {
                progress.total(3);
                progress.step(1);
            }
        }
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("consolidate").contains("3/3");
        assertThat(log.toString()).isEmpty();
    }
}
