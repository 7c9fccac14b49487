/**
 * The models the Slack layer names: a database handle to pass to services, and the rows services hand
 * back. The Slack layer imports them from here, never from src/db/ (the import rule forbids it).
 */
export type { Db } from '../db/index.js';
export type { Call, Circle, Contact, Member, Reminder } from '../db/types.js';
