package org.pocaduck.storage;

/**
 * The rules for keys (object names relative to a dataset's base), shared by every {@link ObjectStore} so that a key
 * means the same file on local disk and in a bucket: '/'-separated segments, none empty, none {@code .} or {@code ..},
 * no backslash, no control characters.
 */
public final class ObjectKey {
    private ObjectKey() {
    }

    /** Returns {@code key} if it is a valid key, else throws naming it. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is " + (key == null ? "null" : "empty")
                    + "; expected a '/'-separated path relative to the dataset base");
        }
        checkSegments(key, key.split("/", -1), "object key");
        return key;
    }

    /**
     * Returns {@code keyPrefix} if it is a valid listing prefix: empty, or the start of a key (it may end in '/' or in
     * the middle of a segment).
     */
    public static String checkPrefix(String keyPrefix) {
        if (keyPrefix == null) {
            throw new IllegalArgumentException("key prefix is null; expected \"\" or the start of a key");
        }
        if (keyPrefix.isEmpty()) {
            return keyPrefix;
        }
        String whole = keyPrefix.endsWith("/") ? keyPrefix.substring(0, keyPrefix.length() - 1) : keyPrefix;
        checkSegments(keyPrefix, whole.split("/", -1), "key prefix");
        return keyPrefix;
    }

    /** The full object name of {@code key} under a location's {@code prefix} ("" or segments without slashes at the ends). */
    public static String under(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The key of a full object name found under {@code prefix}; the inverse of {@link #under}. */
    public static String relativeTo(String prefix, String objectName) {
        return prefix.isEmpty() ? objectName : objectName.substring(prefix.length() + 1);
    }

    private static void checkSegments(String value, String[] segments, String what) {
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(what + " '" + value + "' has an empty, '.' or '..' segment;"
                        + " expected a '/'-separated relative path such as workers/w1/part-000001.parquet");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " '" + value.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a backslash or a control character at index " + i);
            }
        }
    }
}
