package org.pocaduck;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object-store location parsed from its URI: {@code s3://bucket/prefix}, {@code gs://bucket/prefix},
 * {@code az://container/prefix}, {@code abfs[s]://container@ACCOUNT.dfs.core.windows.net/prefix} or
 * {@code https://ACCOUNT.blob.core.windows.net/container/prefix}. All Azure forms have the scheme {@code az}.
 *
 * @param scheme    {@code s3}, {@code gs} or {@code az}
 * @param display   the location as shown in messages, normalized (no trailing slash)
 * @param bucket    the bucket or container
 * @param prefix    "" or '/'-separated segments without slashes at either end
 * @param account   the Azure storage account the URI names, or null
 * @param endpoint  the Azure blob endpoint the URI implies, or null
 */
record CloudLocation(String scheme, String display, String bucket, String prefix, String account, String endpoint) {
    private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern GCS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final Pattern AZURE_CONTAINER = Pattern.compile("(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern AZURE_DFS_HOST = Pattern.compile("([a-z0-9]{3,24})\\.dfs\\.([a-z0-9.-]+)");
    private static final Pattern AZURE_BLOB_HOST = Pattern.compile("([a-z0-9]{3,24})\\.blob\\.([a-z0-9.-]+)");

    /** Whether a location with this (lower-case) URI scheme names an object store. */
    static boolean isCloudScheme(String uriScheme) {
        return switch (uriScheme) {
            case "s3", "gs", "az", "abfs", "abfss", "https" -> true;
            default -> false;
        };
    }

    static CloudLocation parse(String location) {
        int separator = location.indexOf("://");
        String uriScheme = location.substring(0, separator).toLowerCase(Locale.ROOT);
        int queryOrFragment = indexOfAny(location, "?#");
        if (queryOrFragment >= 0) {
            // The query of an Azure URL is usually a SAS token: never repeat it.
            throw new IllegalArgumentException("location '" + location.substring(0, queryOrFragment)
                    + "' has a query or fragment, which locations do not take; give a SAS token with azureSasToken");
        }
        String rest = location.substring(separator + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (authority.contains("@") && !uriScheme.startsWith("abfs")) {
            throw new IllegalArgumentException(uriScheme + ":// location names user information before its "
                    + (uriScheme.equals("https") ? "host" : "bucket") + "; locations carry no credentials, give them"
                    + " with the builder's options");
        }
        return switch (uriScheme) {
            case "s3" -> bucketLocation("s3", "S3 bucket", S3_BUCKET, authority, path, location,
                    "3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit");
            case "gs" -> bucketLocation("gs", "GCS bucket", GCS_BUCKET, authority, path, location,
                    "3 to 222 lowercase letters, digits, '.', '_' and '-', starting and ending with a letter or digit");
            case "az" -> bucketLocation("az", "Azure container", AZURE_CONTAINER, authority, path, location,
                    CONTAINER_RULE);
            case "abfs", "abfss" -> dfsLocation(uriScheme, authority, path, location);
            default -> blobUrlLocation(authority, path, location);
        };
    }

    private static final String CONTAINER_RULE =
            "3 to 63 lowercase letters, digits and single '-', starting and ending with a letter or digit";

    private static CloudLocation bucketLocation(String scheme, String what, Pattern rule, String bucket, String path,
            String location, String expected) {
        checkName(what, bucket, rule, location, expected);
        String prefix = prefix(path, location);
        return new CloudLocation(scheme, join(scheme + "://" + bucket, prefix), bucket, prefix, null, null);
    }

    private static CloudLocation dfsLocation(String uriScheme, String authority, String path, String location) {
        int at = authority.indexOf('@');
        Matcher host = AZURE_DFS_HOST.matcher(at < 0 ? "" : authority.substring(at + 1).toLowerCase(Locale.ROOT));
        if (at < 0 || !host.matches()) {
            throw new IllegalArgumentException("location '" + location + "' is not " + uriScheme
                    + "://CONTAINER@ACCOUNT.dfs.core.windows.net/prefix");
        }
        String container = authority.substring(0, at);
        checkName("Azure container", container, AZURE_CONTAINER, location, CONTAINER_RULE);
        String prefix = prefix(path, location);
        return new CloudLocation("az", join(uriScheme + "://" + container + "@" + host.group(), prefix), container,
                prefix, host.group(1), "https://" + host.group(1) + ".blob." + host.group(2));
    }

    private static CloudLocation blobUrlLocation(String authority, String path, String location) {
        Matcher host = AZURE_BLOB_HOST.matcher(authority.toLowerCase(Locale.ROOT));
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        if (!host.matches() || container.isEmpty()) {
            throw new IllegalArgumentException("location '" + location + "' is not an Azure blob URL; expected"
                    + " https://ACCOUNT.blob.core.windows.net/CONTAINER/prefix");
        }
        checkName("Azure container", container, AZURE_CONTAINER, location, CONTAINER_RULE);
        String prefix = prefix(slash < 0 ? "" : path.substring(slash + 1), location);
        String endpoint = "https://" + host.group();
        return new CloudLocation("az", join(endpoint + "/" + container, prefix), container, prefix, host.group(1),
                endpoint);
    }

    private static void checkName(String what, String name, Pattern rule, String location, String expected) {
        if (!rule.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' in location '" + location
                    + "' is not a valid name; expected " + expected);
        }
    }

    /** The key prefix of a location's path: no slashes at the ends, no empty, '.' or '..' segments. */
    private static String prefix(String path, String location) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.isEmpty()) {
            return "";
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw new IllegalArgumentException("location '" + location + "' has an empty, '.', '..' or"
                        + " backslash segment in its path; expected bucket/prefix segments separated by single '/'");
            }
        }
        return trimmed;
    }

    private static String join(String root, String prefix) {
        return prefix.isEmpty() ? root : root + "/" + prefix;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
