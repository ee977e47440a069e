/**
 * How a feature (a case with a coordinator, the ACP note, outreach…) extends the kernel
 * without the kernel knowing it. Each hook is optional; a hook that returns true has handled
 * the input and the kernel does nothing more with it. Features are asked in the order of the
 * list in engine/features.ts.
 */
import type { MessageRef, Step } from '../flow-schema.ts';
import type { Action, Choice, ConversationState, GlobalCommand, InternalEvent, Json } from '../types.ts';
import type { EngineContext, Out } from './context.ts';

/**
 * The context during a turn: the engine's context and the features that extend the kernel, in
 * the order they are asked (engine/features.ts is the list).
 */
export interface TurnContext extends EngineContext {
  features: readonly EngineFeature[];
}

export type DoStep = Extract<Step, { type: 'do' }>;
export type ResultEvent = Extract<InternalEvent, { kind: 'result' }>;

/** An input a feature may take over before the global commands see it. */
export interface Interceptable {
  /** Typed text (null for a button, a sticker, a photo…). */
  text: string | null;
  /** The global command the text or button means, if any. */
  command: GlobalCommand | null;
  /** The button pressed, if any. */
  action?: Action;
  /** A location the person shared (degrees), if that is the input. */
  location?: { lat: number; lng: number };
}

/** An answer option a feature adds to the questions it owns (「わからない」…). */
export interface ExtraOption {
  value: string;
  label: string;
}

/** A valid answer given at a question: a choice (or several), or typed text. */
export interface GivenAnswer {
  v?: string | string[];
  t?: string;
}

export interface EngineFeature {
  readonly name: string;
  /** Whether what the person types now stays out of the state's recent messages. */
  isPrivate?(state: ConversationState): boolean;
  /** One-to-one chats, after the emergency check and before the global commands. */
  intercept?(ctx: TurnContext, out: Out, input: Interceptable): boolean;
  /** A global command the feature gives its own meaning to (「人と話したい」 with a case open…). */
  command?(ctx: TurnContext, out: Out, command: GlobalCommand): boolean;
  /** A button of an action type the feature owns. */
  action?(ctx: TurnContext, out: Out, action: Action): boolean;
  /**
   * An event from outside the chat: a coordinator's change, a reminder, or the result of a
   * request no `do` step waits for (the ACP note's print link asked for at a question).
   */
  internal?(ctx: TurnContext, out: Out, event: InternalEvent): boolean;
  /**
   * The result of the `do` step the flow waits at. The feature may act on it (keep what came
   * back in its own state, show it) but does not move: the kernel then continues at the step's
   * `next` or `fail`, so where a result leads is read in the flow's YAML. What it returns is
   * saved under the step's `save` instead of the whole data (the note keeps its answers in its
   * session, not twice in the state).
   */
  result?(ctx: TurnContext, out: Out, step: DoStep, event: ResultEvent): Record<string, Json> | undefined;
  /** A flow's `show:` that the feature draws. */
  show?(ctx: TurnContext, out: Out, ref: Exclude<MessageRef, string>): boolean;
  /** Options added under a question the feature owns. */
  extraOptions?(step: Step): ExtraOption[];
  /** The navigation under a question the feature owns, instead of 「もどる」「やめる」. */
  questionNav?(state: ConversationState, step: Step): Choice[] | undefined;
  /** Text typed at an `ask` step, before the kernel validates it. */
  askText?(ctx: TurnContext, out: Out, step: Step, text: string): boolean;
  /** One of the feature's extra options, tapped or typed. */
  special?(ctx: TurnContext, out: Out, step: Step, value: string): boolean;
  /** A valid answer at a question: the feature records it and moves on (or returns false). */
  saved?(ctx: TurnContext, out: Out, step: Step, answer: GivenAnswer, next: string): boolean;
  /** After every turn, with the state before it. */
  afterTurn?(ctx: TurnContext, prior: ConversationState, out: Out): void;
}
