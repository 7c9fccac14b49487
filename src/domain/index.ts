/**
 * The pure domain core of Call Buddy: playbooks, weeks, today's suggestion, check-in validation,
 * streaks, pairing and recap maths. Imports nothing else of ours, never reads the clock or the
 * environment; time and data come in as arguments.
 */
export * from './playbooks.js';
export * from './weeks.js';
export * from './today.js';
export * from './checkin.js';
export * from './streaks.js';
export * from './pairing.js';
export * from './pairing-simulation.js';
export * from './recap.js';
export * from './export.js';
export * from './members.js';
export * from './pauses.js';
export * from './standing.js';
