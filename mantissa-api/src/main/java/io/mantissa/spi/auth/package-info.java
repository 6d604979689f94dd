/**
 * SPI support: request signing and token assertions for providers that call vendor APIs (AWS
 * Signature Version 4, Google service-account JWTs). JDK only, so that every module that talks to
 * these vendors shares one implementation.
 */
package io.mantissa.spi.auth;
