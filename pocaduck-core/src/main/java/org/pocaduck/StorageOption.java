package org.pocaduck;

/**
 * The options a {@link StorageConfig} can carry for an object store, each set by the {@link StorageConfig.Builder}
 * method of the same name and meaningful for one scheme only. Values of secret options never appear in messages,
 * logs or {@code toString()}.
 */
public enum StorageOption {
    /**
     * The AWS region, e.g. {@code us-east-1}; default: {@code us-east-1} with an endpoint URL, else the SDK's region
     * chain, else {@code us-east-1}.
     */
    S3_REGION("s3Region", "s3", false),
    /** The access key id; given together with {@link #S3_SECRET_ACCESS_KEY}. */
    S3_ACCESS_KEY_ID("s3AccessKeyId", "s3", true),
    /** The secret access key; given together with {@link #S3_ACCESS_KEY_ID}. */
    S3_SECRET_ACCESS_KEY("s3SecretAccessKey", "s3", true),
    /** A session token for temporary credentials; needs the key id and secret key. */
    S3_SESSION_TOKEN("s3SessionToken", "s3", true),
    /** The endpoint of an S3-compatible store, e.g. {@code http://127.0.0.1:9000}. */
    S3_ENDPOINT_URL("s3EndpointUrl", "s3", false),
    /** "true" or "false": path-style addressing; default true with an endpoint URL, else false. */
    S3_PATH_STYLE("s3PathStyle", "s3", false),
    /** The Google Cloud project id; default: from the credentials or the environment. */
    GCS_PROJECT_ID("gcsProjectId", "gs", false),
    /** A service-account JSON key file; default: Application Default Credentials. */
    GCS_CREDENTIALS_FILE("gcsCredentialsFile", "gs", false),
    /**
     * The endpoint of a GCS-compatible server (an emulator such as fake-gcs-server), e.g. {@code http://127.0.0.1:4443};
     * without {@link #GCS_CREDENTIALS_FILE} it is reached without credentials.
     */
    GCS_ENDPOINT_URL("gcsEndpointUrl", "gs", false),
    /** An Azure Storage connection string; an alternative to the account key and the SAS token. */
    AZURE_CONNECTION_STRING("azureConnectionString", "az", true),
    /** The storage account; also taken from https:// and abfs(s):// locations. */
    AZURE_ACCOUNT_NAME("azureAccountName", "az", false),
    /** The storage account's shared key. */
    AZURE_ACCOUNT_KEY("azureAccountKey", "az", true),
    /** A shared access signature (with or without its leading '?'). */
    AZURE_SAS_TOKEN("azureSasToken", "az", true),
    /** The blob service endpoint, e.g. {@code http://127.0.0.1:10000/devstoreaccount1} for Azurite. */
    AZURE_ENDPOINT_URL("azureEndpointUrl", "az", false);

    private final String builderName;
    private final String scheme;
    private final boolean secret;

    StorageOption(String builderName, String scheme, boolean secret) {
        this.builderName = builderName;
        this.scheme = scheme;
        this.secret = secret;
    }

    /** The name of the builder method that sets it, as used in messages: {@code s3Region}. */
    public String builderName() {
        return builderName;
    }

    /** The scheme whose locations it applies to, as {@link StorageConfig#scheme()} reports it. */
    public String scheme() {
        return scheme;
    }

    /** Whether its value is a credential, never to be shown. */
    public boolean isSecret() {
        return secret;
    }
}
