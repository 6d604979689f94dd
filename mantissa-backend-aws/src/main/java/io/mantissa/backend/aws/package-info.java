/** AWS backend: Athena, S3, Glue, DynamoDB and Lambda handlers. */
package io.mantissa.backend.aws;
