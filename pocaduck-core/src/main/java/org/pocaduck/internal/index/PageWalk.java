package org.pocaduck.internal.index;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.pocaduck.internal.parquet.ByteSource;

/**
 * The frames of a tree's pages in order, for scans that take them one at a time (the label pages or the block pages
 * of a label index). The tree is walked as the scan goes: the walk holds the nodes on the path to the current bottom
 * node and that node's page frames, read in windows ({@link FrameWindows}), each once; never a list of every page,
 * whatever the size of the tree.
 *
 * @param <N> the tree's node type
 */
final class PageWalk<N extends PageWalk.TreeNode> {
    /** A node of a tree of frames. */
    interface TreeNode {
        /** 0 for a node whose children are pages. */
        int level();

        int childCount();

        LabelIndex.Child frame(int child);
    }

    /** How a walk reads the nodes of one tree, and which children it visits. */
    interface Tree<N> {
        /** The child node at {@code frame}, read and checked. */
        N node(LabelIndex.Child frame);

        /** The first child the scan visits. */
        default int firstVisited(N node) {
            return 0;
        }

        /** One past the last child the scan visits; all children unless a tree says otherwise. */
        default int endVisited(N node) {
            return Integer.MAX_VALUE;
        }
    }

    private final ByteSource source;
    private final String name;
    private final Tree<N> tree;
    /** Directory nodes above the current bottom node, each with the children still to visit. */
    private final ArrayDeque<Level<N>> path = new ArrayDeque<>();
    private FrameWindows frames;

    PageWalk(ByteSource source, String name, Tree<N> tree, N top) {
        this.source = source;
        this.name = name;
        this.tree = tree;
        enter(top);
    }

    /** Whether a page is left; walks down to the next bottom node when this one's are done. */
    boolean hasNext() {
        while (frames == null || !frames.hasNext()) {
            Level<N> level = path.peek();
            if (level == null) {
                return false;
            }
            if (level.next == level.end) {
                path.pop();
            } else {
                enter(tree.node(level.node.frame(level.next++)));
            }
        }
        return true;
    }

    /** The frame {@link #next()} returns next; call {@link #hasNext()} first. */
    LabelIndex.Child peek() {
        return frames.peek();
    }

    /** The next page's bytes, decompressed after its checksum was checked; call {@link #hasNext()} first. */
    byte[] next() throws IOException {
        return frames.next();
    }

    private void enter(N node) {
        int from = tree.firstVisited(node);
        int end = Math.min(node.childCount(), tree.endVisited(node));
        if (node.level() == 0) {
            List<LabelIndex.Child> pages = new ArrayList<>(Math.max(0, end - from));
            for (int c = from; c < end; c++) {
                pages.add(node.frame(c));
            }
            frames = new FrameWindows(source, name, pages);
        } else {
            path.push(new Level<>(node, from, end));
        }
    }

    /** A directory node on the path: its children from {@code next} to {@code end} are still to visit. */
    private static final class Level<N> {
        final N node;
        int next;
        final int end;

        Level(N node, int next, int end) {
            this.node = node;
            this.next = next;
            this.end = end;
        }
    }
}
