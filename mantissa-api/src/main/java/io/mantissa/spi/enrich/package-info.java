/** SPI: enrich. */
package io.mantissa.spi.enrich;
