/** Internal to mantissa-sigma: the Calcite plumbing of Sigma to SQL. Not for other modules. */
package io.mantissa.sigma.sql.internal;
