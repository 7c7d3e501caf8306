package org.pocaduck.spark;

import java.io.Serializable;
import org.pocaduck.BlockScanner;

/** A {@link BlockScanner}'s settings, which tasks need; the scanner itself is not serializable. */
record ScannerSettings(boolean surfaceOnly, int stride, boolean background, BlockScanner.AxisOrder axisOrder)
        implements Serializable {
    static ScannerSettings of(BlockScanner scanner) {
        return new ScannerSettings(scanner.surfaceOnly(), scanner.stride(), scanner.includesBackground(),
                scanner.axisOrder());
    }

    BlockScanner scanner() {
        BlockScanner base = surfaceOnly ? BlockScanner.surfaceVoxels() : BlockScanner.allVoxels();
        return base.withStride(stride).withBackground(background).withAxisOrder(axisOrder);
    }
}
