/** SPI: state. */
package io.mantissa.spi.state;
