/**
 * The engine's kernel: the conversation's position, moving through flows, what is shown, the
 * step that waits for an answer and the knowledge answer. It imports no feature; features
 * extend it through the hooks in feature.ts and use what is exported here.
 */
export * from './context.ts';
export type * from './feature.ts';
export { answerQuestion, articleChoices, messageLocale } from './answer.ts';
export { onAction, onInternal } from './dispatch.ts';
export { go, goBack, runCommand, startFlow } from './navigation.ts';
export { contactOpening, groupRefusal, menuChoices, messageData, prompt, reprompt, sceneChoices } from './prompts.ts';
export { currentStep, freshState, migrateIfStale, resetToIdle } from './state.ts';
export { onText } from './steps.ts';
