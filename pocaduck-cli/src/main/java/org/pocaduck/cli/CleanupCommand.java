package org.pocaduck.cli;

import java.io.PrintWriter;
import org.pocaduck.CleanupSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;

/** Deletes the files the current generation no longer uses. */
@Command(
        name = "cleanup",
        description = "Delete what the current generation no longer uses: worker parts an optimization replaced,"
                + " older optimization runs and older index generations. Run it when no reader opened before the last"
                + " optimize is still in use. Parts of workers that are still open are left for a later cleanup.",
        footer = {"", "Example:", "  pocaduck optimize --base /data/pc && pocaduck cleanup --base /data/pc"})
final class CleanupCommand extends DatasetCommand {

    @Override
    protected void run(StorageConfig config) {
        CleanupSummary summary = Optimizer.cleanup(config);
        PrintWriter out = out();
        out.println("files removed: " + summary.filesRemoved());
        out.println("bytes removed: " + summary.bytesRemoved());
        out.println("skipped live workers: " + (summary.skippedLiveWorkers().isEmpty() ? "(none)"
                : String.join(", ", summary.skippedLiveWorkers())));
    }
}
