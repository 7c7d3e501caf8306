package org.pocaduck.bench;

import org.pocaduck.Ingestor;

/** The blocks of a scan, numbered from 0, each written whole by whichever worker processes it. */
interface BlockSource {
    int blockCount();

    /** Writes every chunk of one block, as a scan worker does when it has processed that block. */
    void writeBlock(Ingestor ingestor, int block);
}
