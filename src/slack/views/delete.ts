/** `/calls delete-my-data`: the confirmation modal (type DELETE), its error, and what is shown afterwards. */
import type { HomeView, ModalView } from '@slack/types';
import { CALLBACK, DELETE_BLOCK } from './ids.js';
import { context, header, plain, section } from './blocks.js';

export const DELETE_WORD = 'DELETE';

export function deleteMyDataModal(): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.deleteMyData,
    title: plain('Delete my data', 24),
    submit: plain('Delete', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        "This deletes everything Call Buddy keeps about you: your calls and their notes, the people you called, your plans, pauses and settings. " +
          "You leave your circle and its future pairings, and messages not yet sent to you are cancelled. It can't be undone.",
      ),
      context("Your circle's past weekly totals stay as numbers, without your name."),
      {
        type: 'input',
        block_id: DELETE_BLOCK.confirm,
        label: plain(`Type ${DELETE_WORD} to confirm`),
        element: { type: 'plain_text_input', action_id: DELETE_BLOCK.confirm, max_length: 20, placeholder: plain(DELETE_WORD) },
      },
    ],
  };
}

/** Whether the confirmation field says DELETE (capitals; spaces around it do not matter). */
export function confirmsDeletion(value: string | null | undefined): boolean {
  return (value ?? '').trim() === DELETE_WORD;
}

export function deleteConfirmError(): Record<string, string> {
  return { [DELETE_BLOCK.confirm]: `Type ${DELETE_WORD} in capital letters to delete your data, or Cancel to keep it.` };
}

export function deleteFailedError(): Record<string, string> {
  return { [DELETE_BLOCK.confirm]: "Sorry, we couldn't finish deleting your data just now. Please press Delete again (it is safe to repeat)." };
}

/** The modal after the deletion: it says what happened. */
export function deletedModal(): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.deleteMyData,
    title: plain('Data deleted', 24),
    close: plain('Done', 24),
    blocks: [
      section(':white_check_mark: Done: your calls, notes, contacts, plans, pauses and settings are deleted, and you are out of your circle.'),
      context('Run `/calls` again any time to start afresh.'),
    ],
  };
}

/** The App Home once the data is gone (the old one showed it). */
export function deletedHome(): HomeView {
  return {
    type: 'home',
    blocks: [header('Call Buddy'), section('Your data was deleted. Run `/calls` in any channel, or `/calls join` in your team\'s channel, to start again.')],
  };
}
