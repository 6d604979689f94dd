/** The Mantissa model, SPIs, provider registry, configuration and error codes. */
package io.mantissa.api;
