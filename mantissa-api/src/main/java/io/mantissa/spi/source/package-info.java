/** SPI: source. */
package io.mantissa.spi.source;
