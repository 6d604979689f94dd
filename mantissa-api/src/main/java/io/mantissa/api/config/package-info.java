/** Configuration records, secrets and the loader that maps outside configuration onto them. */
package io.mantissa.api.config;
