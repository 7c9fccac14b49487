// "Add to Slack" as a person's browser walks it, over HTTP only: the app's install page (which sets
// its state cookie) → the workspace's authorize page on the emulator → Allow, signed in as the
// installer → the redirect back to the app's /slack/oauth_redirect with the code and the cookie.

import type { Emulator } from '../emulator/index.js';

export async function installThroughOAuth(installUrl: string, emulator: Emulator, installer: string): Promise<void> {
  const page = await fetch(installUrl);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const html = await page.text();
  const href = /id="add-to-slack" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  if (!href) throw new Error(`sandbox: no Add to Slack link on ${installUrl} (HTTP ${page.status})`);
  // The person is signed in to this workspace: its authorize page, with the app's query.
  const query = new URL(href).searchParams;
  const authorize = await fetch(`${emulator.authorizeUrl}?${query}`);
  if (authorize.status !== 200) throw new Error(`sandbox: the authorize page answered HTTP ${authorize.status}`);
  const allow = await fetch(emulator.authorizeUrl, {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ ...Object.fromEntries(query), user: installer, decision: 'allow', install_on: 'team' }),
  });
  const location = allow.headers.get('location');
  if (allow.status !== 302 || !location) throw new Error(`sandbox: Allow answered HTTP ${allow.status}`);
  const back = await fetch(location, { headers: { cookie } });
  const done = await back.text();
  if (back.status !== 200 || !done.includes('id="installed"')) throw new Error(`sandbox: the app did not complete the install of ${emulator.team.id} (HTTP ${back.status})`);
}
