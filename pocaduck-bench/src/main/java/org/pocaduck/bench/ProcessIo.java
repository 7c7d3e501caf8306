package org.pocaduck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's I/O counters from Linux's /proc/self/io, every thread (DuckDB's native ones included):
 * {@code rchar}/{@code wchar} are bytes passed to read and write calls, page cache hits included;
 * {@code read_bytes}/{@code write_bytes} are bytes fetched from or sent towards the storage device. All are -1
 * where /proc is not available.
 */
record ProcessIo(long readCalls, long writeCalls, long storageRead, long storageWritten) {
    private static final Path PROCESS_IO = Path.of("/proc/self/io");

    static ProcessIo now() {
        long[] values = {-1, -1, -1, -1};
        try {
            for (String line : Files.readAllLines(PROCESS_IO)) {
                String[] field = line.split(":\\s*");
                int slot = switch (field[0]) {
                    case "rchar" -> 0;
                    case "wchar" -> 1;
                    case "read_bytes" -> 2;
                    case "write_bytes" -> 3;
                    default -> -1;
                };
                if (slot >= 0) {
                    values[slot] = Long.parseLong(field[1].trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc is hidden: the counters are simply not reported.
        }
        return new ProcessIo(values[0], values[1], values[2], values[3]);
    }

    /** The counts between {@code earlier} and this snapshot. */
    ProcessIo since(ProcessIo earlier) {
        return new ProcessIo(readCalls - earlier.readCalls, writeCalls - earlier.writeCalls,
                storageRead - earlier.storageRead, storageWritten - earlier.storageWritten);
    }

    /** Bytes read and written through system calls: what a step moved, whether or not the page cache served it. */
    long bytesMoved() {
        return readCalls + writeCalls;
    }
}
