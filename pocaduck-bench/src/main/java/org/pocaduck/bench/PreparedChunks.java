package org.pocaduck.bench;

import org.pocaduck.Ingestor;

/** Every chunk of a volume, already built in one {@link InputForm}, ready to be written as fast as possible. */
public final class PreparedChunks implements BlockSource {
    private final SyntheticVolume volume;
    private final InputForm form;
    private final Object[] inputs;
    private final String[] blockIds;

    private PreparedChunks(SyntheticVolume volume, InputForm form, Object[] inputs, String[] blockIds) {
        this.volume = volume;
        this.form = form;
        this.inputs = inputs;
        this.blockIds = blockIds;
    }

    public static PreparedChunks of(SyntheticVolume volume, InputForm form) {
        Object[] inputs = new Object[volume.chunkCount()];
        for (int c = 0; c < inputs.length; c++) {
            inputs[c] = form.prepare(volume, c);
        }
        String[] blockIds = new String[volume.blockCount()];
        for (int b = 0; b < blockIds.length; b++) {
            blockIds[b] = volume.blockId(b);
        }
        return new PreparedChunks(volume, form, inputs, blockIds);
    }

    public SyntheticVolume volume() {
        return volume;
    }

    public InputForm form() {
        return form;
    }

    @Override
    public int blockCount() {
        return volume.blockCount();
    }

    @Override
    public void writeBlock(Ingestor ingestor, int block) {
        for (int c = volume.firstChunkOf(block); c < volume.firstChunkOf(block + 1); c++) {
            form.write(ingestor, volume.chunkLabel(c), blockIds[block], inputs[c]);
        }
    }
}
