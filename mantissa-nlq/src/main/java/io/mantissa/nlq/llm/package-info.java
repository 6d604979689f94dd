/**
 * The LLM provider layer: {@link io.mantissa.nlq.llm.LlmProvider}s for Anthropic, OpenAI, Azure
 * OpenAI, AWS Bedrock, Google AI Gemini, Vertex AI Gemini, Ollama and Mistral, each yielding a
 * LangChain4j {@link dev.langchain4j.model.chat.ChatModel} configured from {@code
 * mantissa.providers.<name>.<key>}, and the small {@link io.mantissa.nlq.llm.LlmClient} seam the
 * LLM planner calls. Every failure of a model call surfaces as a {@link
 * io.mantissa.api.MantissaException} whose message names the provider and never contains a secret.
 */
package io.mantissa.nlq.llm;
