package org.pocaduck.s3;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Binds every Tomcat connector of S3Mock to 127.0.0.1. {@code server.address} reaches only its HTTPS connector; its
 * plain HTTP connector, the one the tests use, would otherwise listen on all interfaces. Added to S3Mock's Spring
 * context through the {@code spring.main.sources} property.
 */
public class LoopbackConnectors implements BeanPostProcessor {
    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof Connector connector) {
            connector.setProperty("address", "127.0.0.1");
        }
        return bean;
    }
}
