package org.pocaduck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven filtered into {@code version.properties}, so it always matches the POM. */
final class PomVersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PomVersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return new String[] {"pocaduck (version unknown)"};
            }
            properties.load(in);
        }
        return new String[] {"pocaduck " + properties.getProperty("version")};
    }
}
