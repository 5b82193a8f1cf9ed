import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { AppError } from './errors';

/**
 * The password rules the shared Zod schema cannot check cheaply (it checks length and blank
 * passwords): no common, breached-style or easily guessed password (zxcvbn score 3 or more,
 * with its lists of the most common passwords, names and English words), and nothing built on
 * the person's own email address, name or business name.
 */

/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
const MIN_SCORE = 3;
/** Shorter pieces of an email or name (`jo`, `ana`) would reject too many good passwords. */
const MIN_PERSONAL_PIECE = 4;

// Building the matcher decompresses its dictionaries (~0.3 s): once per process, on first use.
let zxcvbn: ZxcvbnFactory | undefined;
function matcher(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return zxcvbn;
}

export type PasswordOwner = { email: string; name?: string | null; businessNames?: string[] };

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The parts of who someone is that must not be their password: the email's local part, their name, their businesses' names. */
function personalPieces(owner: PasswordOwner): string[] {
  const local = owner.email.split('@')[0] ?? '';
  return [local, owner.name ?? '', ...(owner.businessNames ?? [])].map(squash).filter((p) => p.length >= MIN_PERSONAL_PIECE);
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner): string | null {
  const squashed = squash(password);
  if (personalPieces(owner).some((piece) => squashed.includes(piece))) {
    return "Don't build your password on your email address, your name or your business's name";
  }
  const result = matcher().check(password, [owner.email, owner.email.split('@')[0] ?? '', owner.name ?? '', ...(owner.businessNames ?? [])]);
  if (result.score < MIN_SCORE) {
    const why = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '').toLowerCase()})` : '';
    return `This password is too easy to guess${why}. A few unrelated words make a strong one`;
  }
  return null;
}

/** Throws VALIDATION_FAILED naming `field` (e.g. `body.password`) when the password is refused. */
export function assertAcceptablePassword(password: string, owner: PasswordOwner, field = 'body.password'): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: field, message: problem }]);
}
