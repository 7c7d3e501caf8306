package org.pocaduck;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a dataset lives: a local directory or a prefix in an object store.
 * <ul>
 * <li>local: {@code StorageConfig.local(Path.of("/data/pc"))}, {@code StorageConfig.of("/data/pc")} or
 * {@code StorageConfig.of("file:///data/pc")};</li>
 * <li>Amazon S3 and S3-compatible stores: {@code s3://bucket/prefix} (module {@code pocaduck-s3});</li>
 * <li>Google Cloud Storage: {@code gs://bucket/prefix} (module {@code pocaduck-gcs});</li>
 * <li>Azure Blob Storage: {@code az://container/prefix},
 * {@code abfss://container@ACCOUNT.dfs.core.windows.net/prefix} or
 * {@code https://ACCOUNT.blob.core.windows.net/container/prefix} (module {@code pocaduck-azure}).</li>
 * </ul>
 * Credentials and endpoints are set with {@link #builder(String)}; without credentials each vendor's default chain is
 * used (AWS: environment, profile, instance role; Google: Application Default Credentials; Azure:
 * DefaultAzureCredential). Immutable; {@link #toString()} shows only the location, never a secret.
 */
public final class StorageConfig {
    private static final String LOCAL = "file";
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
    private static final Pattern AZURE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final String REDACTED = "****";
    /** Long enough for a slow network, short enough that a mistyped endpoint is reported while one still waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String scheme;
    private final String location;
    private final Path base;
    private final String bucket;
    private final String prefix;
    private final Map<StorageOption, String> options;
    private final Duration timeout;

    private StorageConfig(String scheme, String location, Path base, String bucket, String prefix,
            Map<StorageOption, String> options, Duration timeout) {
        this.scheme = scheme;
        this.location = location;
        this.base = base;
        this.bucket = bucket;
        this.prefix = prefix;
        this.options = Collections.unmodifiableMap(options);
        this.timeout = timeout;
    }

    /** A dataset in a local directory (created on the first write if it does not exist). */
    public static StorageConfig local(Path base) {
        Objects.requireNonNull(base, "base");
        Path normalized = base.toAbsolutePath().normalize();
        return new StorageConfig(LOCAL, normalized.toString(), normalized, null, "",
                new EnumMap<>(StorageOption.class), DEFAULT_TIMEOUT);
    }

    /**
     * A dataset named by a local path, a {@code file:} URI or an object-store URI, with default credentials. Same as
     * {@code builder(location).build()}.
     */
    public static StorageConfig of(String location) {
        return builder(location).build();
    }

    /** A builder of a configuration for {@code location} (see the class comment) with options. */
    public static Builder builder(String location) {
        return new Builder(location);
    }

    /** Whether the dataset is in a local directory. */
    public boolean isLocal() {
        return scheme.equals(LOCAL);
    }

    /** {@code file} for local datasets, {@code s3}, {@code gs} or {@code az} for object stores. */
    public String scheme() {
        return scheme;
    }

    /** The location as shown in messages: the local directory, or the normalized object-store URI. */
    public String location() {
        return location;
    }

    /**
     * The dataset's local directory.
     *
     * @throws IllegalStateException if the dataset is in an object store
     */
    public Path base() {
        if (base == null) {
            throw new IllegalStateException("dataset " + location + " is in an object store, not in a local directory;"
                    + " open it with org.pocaduck.storage.ObjectStores.open");
        }
        return base;
    }

    /**
     * The bucket (S3, GCS) or container (Azure).
     *
     * @throws IllegalStateException if the dataset is local
     */
    public String bucket() {
        if (bucket == null) {
            throw new IllegalStateException("dataset " + location + " is local; it has no bucket");
        }
        return bucket;
    }

    /** The object-name prefix of the dataset inside its bucket: "" or segments without slashes at the ends. */
    public String prefix() {
        return prefix;
    }

    /** The value of an option, if set (or, for the Azure account and endpoint, implied by the location). */
    public Optional<String> option(StorageOption option) {
        return Optional.ofNullable(options.get(Objects.requireNonNull(option, "option")));
    }

    /**
     * How long an object store's client keeps trying to reach an endpoint that does not answer — connecting, retries
     * included — before the operation fails, and how long it waits for the next bytes of a response before it retries.
     * A transfer that makes progress is never cut short. Default {@link #DEFAULT_TIMEOUT}; local datasets ignore it.
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Replaces every secret of this configuration found in {@code text} (as given, or URL-encoded) with
     * {@code ****}. Object-store modules pass their clients' error messages through it.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets()) {
            redacted = redacted.replace(secret, REDACTED)
                    .replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), REDACTED);
        }
        return redacted;
    }

    /** Secret option values, and the secret parts of connection strings and SAS tokens (also URL-decoded). */
    private List<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        options.forEach((option, value) -> {
            if (option.isSecret()) {
                secrets.add(value);
                for (String part : value.split("[;&]")) {
                    int equals = part.indexOf('=');
                    String name = equals < 0 ? "" : part.substring(0, equals).toLowerCase(Locale.ROOT);
                    if (name.equals("accountkey") || name.equals("sharedaccesssignature") || name.equals("sig")) {
                        String secret = part.substring(equals + 1);
                        secrets.add(secret);
                        secrets.add(URLDecoder.decode(secret, StandardCharsets.UTF_8));
                    }
                }
            }
        });
        secrets.removeIf(String::isEmpty);
        // Longest first, so that a secret containing another is replaced whole.
        return secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StorageConfig config && config.location.equals(location)
                && config.scheme.equals(scheme) && config.options.equals(options) && config.timeout.equals(timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, location, options, timeout);
    }

    @Override
    public String toString() {
        return "StorageConfig[" + (base != null ? base.toUri() : location) + "]";
    }

    /** Builds a {@link StorageConfig}; every option applies to one scheme, and {@link #build()} checks them together. */
    public static final class Builder {
        private final String location;
        private final Map<StorageOption, String> options = new EnumMap<>(StorageOption.class);
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(String location) {
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException("base location is " + (location == null ? "null" : "blank")
                        + "; expected a local path, a file: URI or an s3://, gs:// or az:// URI");
            }
            this.location = location;
        }

        /** The AWS region, e.g. {@code us-east-1}. */
        public Builder s3Region(String region) {
            String value = require(StorageOption.S3_REGION, region);
            if (!REGION.matcher(value).matches()) {
                throw new IllegalArgumentException("s3Region '" + value + "' is not a region name; expected lowercase"
                        + " letters, digits and '-', e.g. us-east-1");
            }
            return set(StorageOption.S3_REGION, value);
        }

        /** The access key id; needs {@link #s3SecretAccessKey}. */
        public Builder s3AccessKeyId(String accessKeyId) {
            return set(StorageOption.S3_ACCESS_KEY_ID, require(StorageOption.S3_ACCESS_KEY_ID, accessKeyId));
        }

        /** The secret access key; needs {@link #s3AccessKeyId}. */
        public Builder s3SecretAccessKey(String secretAccessKey) {
            return set(StorageOption.S3_SECRET_ACCESS_KEY,
                    require(StorageOption.S3_SECRET_ACCESS_KEY, secretAccessKey));
        }

        /** The session token of temporary credentials; needs the key id and the secret key. */
        public Builder s3SessionToken(String sessionToken) {
            return set(StorageOption.S3_SESSION_TOKEN, require(StorageOption.S3_SESSION_TOKEN, sessionToken));
        }

        /**
         * The endpoint of an S3-compatible store (MinIO, Ceph, VAST, R2, ...), e.g. {@code http://127.0.0.1:9000}.
         * Implies path-style addressing unless {@link #s3PathStyle} says otherwise.
         */
        public Builder s3EndpointUrl(String endpointUrl) {
            return set(StorageOption.S3_ENDPOINT_URL, endpoint(StorageOption.S3_ENDPOINT_URL, endpointUrl));
        }

        /** Path-style ({@code endpoint/bucket/key}) rather than virtual-hosted ({@code bucket.endpoint/key}) URLs. */
        public Builder s3PathStyle(boolean pathStyle) {
            return set(StorageOption.S3_PATH_STYLE, Boolean.toString(pathStyle));
        }

        /** The Google Cloud project id. */
        public Builder gcsProjectId(String projectId) {
            String value = require(StorageOption.GCS_PROJECT_ID, projectId);
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("gcsProjectId '" + value + "' contains whitespace; expected a"
                        + " project id such as my-project-123");
            }
            return set(StorageOption.GCS_PROJECT_ID, value);
        }

        /** A service-account JSON key file. */
        public Builder gcsCredentialsFile(Path credentialsFile) {
            Objects.requireNonNull(credentialsFile, "gcsCredentialsFile");
            if (!Files.isRegularFile(credentialsFile) || !Files.isReadable(credentialsFile)) {
                throw new IllegalArgumentException("gcsCredentialsFile " + credentialsFile
                        + " is not a readable file; expected a service-account JSON key file");
            }
            return set(StorageOption.GCS_CREDENTIALS_FILE, credentialsFile.toAbsolutePath().toString());
        }

        /**
         * The endpoint of a GCS-compatible server, e.g. an emulator at {@code http://127.0.0.1:4443}. Without
         * {@link #gcsCredentialsFile} it is reached without credentials, as emulators expect.
         */
        public Builder gcsEndpointUrl(String endpointUrl) {
            return set(StorageOption.GCS_ENDPOINT_URL, endpoint(StorageOption.GCS_ENDPOINT_URL, endpointUrl));
        }

        /** An Azure Storage connection string: account, endpoint and credentials in one. */
        public Builder azureConnectionString(String connectionString) {
            String value = require(StorageOption.AZURE_CONNECTION_STRING, connectionString);
            if (!value.contains("=")) {
                throw new IllegalArgumentException("azureConnectionString is not a connection string; expected"
                        + " Name=value pairs separated by ';' such as AccountName=...;AccountKey=...");
            }
            return set(StorageOption.AZURE_CONNECTION_STRING, value);
        }

        /** The storage account name. */
        public Builder azureAccountName(String accountName) {
            String value = require(StorageOption.AZURE_ACCOUNT_NAME, accountName);
            if (!AZURE_ACCOUNT.matcher(value).matches()) {
                throw new IllegalArgumentException("azureAccountName '" + value + "' is not a storage account name;"
                        + " expected 3 to 24 lowercase letters and digits");
            }
            return set(StorageOption.AZURE_ACCOUNT_NAME, value);
        }

        /** The storage account's shared key; needs the account name. */
        public Builder azureAccountKey(String accountKey) {
            return set(StorageOption.AZURE_ACCOUNT_KEY, require(StorageOption.AZURE_ACCOUNT_KEY, accountKey));
        }

        /** A shared access signature, with or without its leading '?'. */
        public Builder azureSasToken(String sasToken) {
            String value = require(StorageOption.AZURE_SAS_TOKEN, sasToken);
            return set(StorageOption.AZURE_SAS_TOKEN, value.startsWith("?") ? value.substring(1) : value);
        }

        /** The blob service endpoint, e.g. {@code http://127.0.0.1:10000/devstoreaccount1} for Azurite. */
        public Builder azureEndpointUrl(String endpointUrl) {
            return set(StorageOption.AZURE_ENDPOINT_URL, endpoint(StorageOption.AZURE_ENDPOINT_URL, endpointUrl));
        }

        /**
         * How long to keep trying an endpoint that does not answer; see {@link StorageConfig#timeout()}.
         *
         * @throws IllegalArgumentException if it is not at least a millisecond
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("timeout " + timeout + " is too short; expected at least 1 ms");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Checks the location and the options together and returns the configuration.
         *
         * @throws IllegalArgumentException naming the location or option at fault and what was expected
         */
        public StorageConfig build() {
            int separator = location.indexOf("://");
            String uriScheme = separator > 0 ? location.substring(0, separator).toLowerCase(Locale.ROOT) : LOCAL;
            if (!CloudLocation.isCloudScheme(uriScheme)) {
                StorageConfig local = local(location, uriScheme, separator > 0);
                checkSchemes(LOCAL, "the local location " + local.location);
                return new StorageConfig(LOCAL, local.location, local.base, null, "", local.options, timeout);
            }
            CloudLocation cloud = CloudLocation.parse(location);
            checkSchemes(cloud.scheme(), cloud.display());
            Map<StorageOption, String> all = new EnumMap<>(options);
            switch (cloud.scheme()) {
                case "s3" -> checkS3();
                case "az" -> checkAzure(cloud, all);
                default -> {
                    // GCS options are independent of each other.
                }
            }
            return new StorageConfig(cloud.scheme(), cloud.display(), null, cloud.bucket(), cloud.prefix(), all,
                    timeout);
        }

        private static StorageConfig local(String location, String uriScheme, boolean hasScheme) {
            if (hasScheme && !uriScheme.equals(LOCAL)) {
                throw new IllegalArgumentException("base location '" + location + "' has unsupported scheme '"
                        + uriScheme + "'; expected a local path, a file: URI or an s3://, gs:// or az:// URI");
            }
            try {
                return StorageConfig.local(location.startsWith("file:") ? Path.of(URI.create(location))
                        : Path.of(location));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("base location '" + location
                        + "' is not a valid path or file: URI: " + e.getMessage(), e);
            }
        }

        private void checkSchemes(String scheme, String shownLocation) {
            for (StorageOption option : options.keySet()) {
                if (!option.scheme().equals(scheme)) {
                    throw new IllegalArgumentException("option " + option.builderName() + " applies to "
                            + option.scheme() + ":// locations, not to " + shownLocation);
                }
            }
        }

        private void checkS3() {
            boolean keyId = options.containsKey(StorageOption.S3_ACCESS_KEY_ID);
            boolean secretKey = options.containsKey(StorageOption.S3_SECRET_ACCESS_KEY);
            if (keyId != secretKey) {
                throw new IllegalArgumentException("s3AccessKeyId and s3SecretAccessKey go together, but only "
                        + (keyId ? "s3AccessKeyId" : "s3SecretAccessKey") + " was given");
            }
            if (options.containsKey(StorageOption.S3_SESSION_TOKEN) && !keyId) {
                throw new IllegalArgumentException("s3SessionToken needs s3AccessKeyId and s3SecretAccessKey");
            }
        }

        private void checkAzure(CloudLocation cloud, Map<StorageOption, String> all) {
            if (options.containsKey(StorageOption.AZURE_CONNECTION_STRING)) {
                for (StorageOption other : new StorageOption[] {StorageOption.AZURE_ACCOUNT_NAME,
                        StorageOption.AZURE_ACCOUNT_KEY, StorageOption.AZURE_SAS_TOKEN,
                        StorageOption.AZURE_ENDPOINT_URL}) {
                    if (options.containsKey(other)) {
                        throw new IllegalArgumentException("azureConnectionString already names the account, endpoint"
                                + " and credentials; do not combine it with " + other.builderName());
                    }
                }
                if (cloud.account() != null) {
                    throw new IllegalArgumentException("location " + cloud.display() + " names its account; with"
                            + " azureConnectionString use az://" + cloud.bucket() + "/... instead");
                }
                return;
            }
            if (options.containsKey(StorageOption.AZURE_ACCOUNT_KEY)
                    && options.containsKey(StorageOption.AZURE_SAS_TOKEN)) {
                throw new IllegalArgumentException("azureAccountKey and azureSasToken are alternatives; give one");
            }
            if (cloud.account() != null) {
                String named = options.get(StorageOption.AZURE_ACCOUNT_NAME);
                if (named != null && !named.equals(cloud.account())) {
                    throw new IllegalArgumentException("azureAccountName '" + named + "' differs from account '"
                            + cloud.account() + "' of location " + cloud.display());
                }
                if (options.containsKey(StorageOption.AZURE_ENDPOINT_URL)) {
                    throw new IllegalArgumentException("location " + cloud.display() + " already names its endpoint;"
                            + " use az://" + cloud.bucket() + "/... with azureEndpointUrl instead");
                }
                all.put(StorageOption.AZURE_ACCOUNT_NAME, cloud.account());
                all.put(StorageOption.AZURE_ENDPOINT_URL, cloud.endpoint());
            }
            if (!all.containsKey(StorageOption.AZURE_ACCOUNT_NAME) && !all.containsKey(StorageOption.AZURE_ENDPOINT_URL)) {
                throw new IllegalArgumentException("location " + cloud.display() + " names no storage account; give"
                        + " azureAccountName, azureEndpointUrl or azureConnectionString, or use"
                        + " https://ACCOUNT.blob.core.windows.net/" + cloud.bucket() + "/...");
            }
            if (all.containsKey(StorageOption.AZURE_ACCOUNT_KEY) && !all.containsKey(StorageOption.AZURE_ACCOUNT_NAME)) {
                throw new IllegalArgumentException("azureAccountKey needs azureAccountName (or an account in the"
                        + " location)");
            }
        }

        private Builder set(StorageOption option, String value) {
            options.put(option, value);
            return this;
        }

        private static String require(StorageOption option, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(option.builderName() + " is " + (value == null ? "null" : "blank")
                        + "; leave it unset to use the default");
            }
            return value.strip();
        }

        private static String endpoint(StorageOption option, String value) {
            String endpoint = require(option, value);
            if (endpoint.contains("@") || endpoint.contains("?")) {
                // Never repeat it: user information or a query would be credentials.
                throw new IllegalArgumentException(option.builderName() + " carries user information or a query;"
                        + " give credentials with the builder's credential options");
            }
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException(option.builderName() + " '" + endpoint + "' is not an http(s) URL"
                        + " with a host; expected e.g. http://127.0.0.1:9000");
            }
            return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        }
    }
}
