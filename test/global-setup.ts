// Placeholder until the database harness lands; replaced by the real one.
export default async function setup(): Promise<void> {}
