/** SPI: query. */
package io.mantissa.spi.query;
