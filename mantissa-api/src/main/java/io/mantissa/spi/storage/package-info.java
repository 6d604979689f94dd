/** SPI: storage. */
package io.mantissa.spi.storage;
