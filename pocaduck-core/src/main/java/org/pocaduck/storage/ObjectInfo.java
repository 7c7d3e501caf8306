package org.pocaduck.storage;

/**
 * One object found by {@link ObjectStore#list}.
 *
 * @param key  the key, relative to the store's base
 * @param size the size in bytes
 */
public record ObjectInfo(String key, long size) {
}
