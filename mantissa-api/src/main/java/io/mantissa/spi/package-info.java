/**
 * The service provider interfaces: what a backend, source, sink or action implements. Each SPI has
 * a {@code ...Provider} found by name through {@link java.util.ServiceLoader}.
 */
package io.mantissa.spi;
