export { parseArgs } from './http-routes.js';
export { createEmulator, type Emulator, type EmulatorOptions, type FaultMode, type FaultSpec } from './emulator.js';
export { validateBlocks, validateView, BLOCK_KIT_LIMITS, type Surface } from './blockkit.js';
export { METHOD_SCOPES, conversationKind, missingScope, allScopes, type ConversationKind, type ScopeRule } from './scopes.js';
export { METHOD_TIERS, TIER_PER_MINUTE, type RateLimitOptions, type Tier } from './rate-limits.js';
export { TRIGGER_TTL_MS, RESPONSE_URL_TTL_MS, RESPONSE_URL_MAX_USES } from './interactivity.js';
export { signature } from './acting.js';
export { checkOptionsAnswer, offeredOptions, type BlockSuggestionInput, type BlockSuggestionResult } from './suggestions.js';
export { emptyRequiredInputs, initialStateValue, isEmptyStateValue, REQUIRED_FIELD_MESSAGE } from './view-state.js';
export type {
  AppResponse, BlockActionInput, BlockActionResult, CloseViewResult, EventOptions, EventResult, SignOptions,
  SlashCommandInput, SlashCommandResult, SubmitValues, SubmitViewInput, SubmitViewResult,
} from './acting.js';
export type { AddChannelInput, AddUserInput } from './workspace.js';
export type * from './types.js';
export { SlackPlatform, OAUTH_CODE_TTL_MS, redirectMatches, type OAuthAppOptions, type IssuedToken, type SavedToken } from './oauth.js';
