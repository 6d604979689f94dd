/** SPI: response. */
package io.mantissa.spi.response;
