/**
 * Sigma to SQL through Calcite: {@link io.mantissa.sigma.sql.SqlConverter} and the field-mapping
 * pipelines ({@link io.mantissa.sigma.sql.FieldMapping}).
 */
package io.mantissa.sigma.sql;
