package org.pocaduck.internal.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.pocaduck.internal.parquet.ByteSource;

/**
 * The frames of a label index that a scan reads in order (label pages, or block pages): consecutive frames are read
 * in windows of up to {@value #WINDOW_BYTES} bytes, one request each, and handed out one at a time, decompressed and
 * checked. A scan caches nothing, which would flush what lookups use.
 */
final class FrameWindows {
    private static final int WINDOW_BYTES = 8 << 20;

    private final ByteSource source;
    private final String name;
    private final List<LabelIndex.Child> frames;
    private int next;
    private int windowEnd;
    private long windowStart;
    private byte[] window;

    FrameWindows(ByteSource source, String name, List<LabelIndex.Child> frames) {
        this.source = source;
        this.name = name;
        this.frames = frames;
    }

    boolean hasNext() {
        return next < frames.size();
    }

    /** The frame {@link #next()} returns next. */
    LabelIndex.Child peek() {
        return frames.get(next);
    }

    /** The next frame's bytes, decompressed after its checksum was checked. */
    byte[] next() throws IOException {
        if (next >= windowEnd) {
            readWindow();
        }
        LabelIndex.Child frame = frames.get(next++);
        int at = (int) (frame.offset() - windowStart);
        return LabelIndex.inflate(Arrays.copyOfRange(window, at, at + frame.compressedSize()), frame, name);
    }

    private void readWindow() throws IOException {
        LabelIndex.Child first = frames.get(next);
        long start = first.offset();
        long end = start + first.compressedSize();
        int last = next + 1;
        while (last < frames.size() && frames.get(last).offset() == end
                && end + frames.get(last).compressedSize() - start <= WINDOW_BYTES) {
            end += frames.get(last).compressedSize();
            last++;
        }
        window = LabelIndex.read(source, start, (int) (end - start));
        windowStart = start;
        windowEnd = last;
    }
}
