// The process warnings (MaxListenersExceededWarning and the like) emitted while `action` runs,
// including those Node emits on the tick after it ends.
export async function warningsDuring(action: () => Promise<void>): Promise<Error[]> {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    await action();
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

/** The messages of the MaxListenersExceededWarnings among `warnings`. */
export const listenerWarnings = (warnings: Error[]): string[] =>
  warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message);
