/** Natural-language questions to validated SQL, offline and through LLMs. */
package io.mantissa.nlq;
