// Placeholder replaced by the database template set-up.
export default async function setup(): Promise<void> {}
