/**
 * SPI support: the network rules shared by every provider that sends requests to a configured
 * address (alert sinks, enrichment lookups, response actions, log collectors). {@link
 * io.mantissa.spi.net.DestinationGuard} refuses destinations that would reach this machine or a
 * private network (server-side request forgery) unless private addresses are explicitly allowed.
 * JDK only, so that every module applies the same rule.
 */
package io.mantissa.spi.net;
