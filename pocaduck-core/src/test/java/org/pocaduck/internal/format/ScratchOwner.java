package org.pocaduck.internal.format;

import java.nio.file.Files;

/**
 * A process that creates a scratch directory of the kind given as its argument, spills into it, prints its path and
 * then waits to be killed, for {@link ScratchDirectoryTest}.
 */
final class ScratchOwner {
    private ScratchOwner() {
    }

    public static void main(String[] args) throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create(args[0]);
        Files.write(scratch.path().resolve("spill.bin"), new byte[1024]);
        System.out.println(scratch.path());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
