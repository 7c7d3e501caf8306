package org.pocaduck.s3;

import java.net.URI;
import java.util.Set;
import org.pocaduck.StorageConfig;
import org.pocaduck.StorageOption;
import org.pocaduck.storage.ConnectTimeouts;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens {@code s3://} datasets with the AWS SDK. Without keys the SDK's default credential chain is used
 * (environment, system properties, web identity, profile files, container and instance roles); without a region, the
 * SDK's region chain, else {@code us-east-1} with cross-region access so that buckets elsewhere are still found
 * ({@code us-east-1} directly with a custom endpoint). A custom endpoint implies path-style addressing unless
 * {@code s3PathStyle(false)} was given.
 */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
    /** The standard retry mode's attempts, stated so that the connection timeout can be split over them. */
    static final int ATTEMPTS = 3;

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public ObjectStore open(StorageConfig config) {
        return new S3ObjectStore(client(config), config);
    }

    static S3Client client(StorageConfig config) {
        // The standard strategy's pauses are well under a second, within the timeout's spare share.
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(ConnectTimeouts.perAttempt(config, ATTEMPTS))
                        .socketTimeout(config.timeout()))
                .credentialsProvider(credentials(config))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(ATTEMPTS).build()))
                // Checksums only where S3 requires them: many S3-compatible stores reject the newer trailing ones.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.option(StorageOption.S3_ENDPOINT_URL).ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        builder.forcePathStyle(config.option(StorageOption.S3_PATH_STYLE).map(Boolean::parseBoolean)
                .orElse(config.option(StorageOption.S3_ENDPOINT_URL).isPresent()));
        String region = config.option(StorageOption.S3_REGION).orElse(null);
        if (region != null) {
            builder.region(Region.of(region));
        } else if (config.option(StorageOption.S3_ENDPOINT_URL).isPresent()) {
            // S3-compatible stores take any region in signatures; asking the region chain could reach for EC2 metadata.
            builder.region(Region.US_EAST_1);
        } else {
            builder.region(defaultRegion()).crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageConfig config) {
        String keyId = config.option(StorageOption.S3_ACCESS_KEY_ID).orElse(null);
        if (keyId == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String secret = config.option(StorageOption.S3_SECRET_ACCESS_KEY).orElseThrow();
        return StaticCredentialsProvider.create(config.option(StorageOption.S3_SESSION_TOKEN)
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(keyId, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(keyId, secret)));
    }

    private static Region defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }
}
