/** SPI: alert. */
package io.mantissa.spi.alert;
