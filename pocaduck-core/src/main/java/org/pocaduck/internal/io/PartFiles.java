package org.pocaduck.internal.io;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * Part files by consolidated file number, with their row-group layouts kept: reading a footer costs far more than
 * reading a small label (in an object store, two more requests). A layout comes from the generation's list of part
 * files, where consolidation stored it, and only for files listed before layouts were kept from the file's footer.
 * Only layouts are cached, bounded by the heap they take; file handles are opened per read, so no reader can ever
 * find its handle closed by another thread's eviction.
 */
final class PartFiles implements PointReader.PartSource {
    private final DatasetFiles files;
    private final GenerationFiles parts;
    private final Cache<Integer, ParquetFile> layouts;

    /** @param cacheBytes about how much heap the cached layouts may take */
    PartFiles(DatasetFiles files, GenerationFiles parts, long cacheBytes) {
        this.files = files;
        this.parts = parts;
        this.layouts = ParquetFile.newCache(cacheBytes);
    }

    @Override
    public ByteSource open(int fileId) throws IOException {
        GenerationFiles.PartFile file = parts.get(fileId);
        return files.open(file.path(), file.bytes());
    }

    /** The part file's layout: cached, or stored in the list, or else read from its footer through {@code source}. */
    @Override
    public ParquetFile layout(int fileId, ByteSource source) throws IOException {
        ParquetFile cached = layouts.getIfPresent(fileId);
        if (cached != null) {
            return cached;
        }
        GenerationFiles.PartFile file = parts.get(fileId);
        ParquetFile layout = file.layout() == null ? ParquetFile.open(source)
                : ParquetFile.ofLayout(files.describe(file.path()), file.layout(), file.bytes());
        layouts.put(fileId, layout);
        return layout;
    }

    @Override
    public String describe(int fileId) {
        return files.describe(parts.get(fileId).path());
    }
}
